/*
 * The watcher of a job (started before the job): it kills the job's process group when cronlock
 * dies without having reaped the job, so nothing of a job outlives its lock's owner. Compiled
 * and linked with spawn.c (CronLock.csproj).
 *
 * The native binary forks it as it starts, before .NET does (startup.c): a fork then copies a
 * process of a few hundred pages, where a fork of the running .NET process copies the page
 * tables of all it has touched and makes every page it writes afterwards, while the watcher
 * lives, a copy-on-write fault (docs/performance.md). Anything else (the unit tests' shared
 * library, or a start that found no watcher alive) forks one when the job starts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "watch.h"

/* The byte cronlock writes to the watcher once it has reaped the job. */
#define WATCH_DONE 'd'

static ssize_t read_fully(int fd, void *buffer, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, (char *)buffer + got, size - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }

        if (n <= 0) {
            return n < 0 ? n : (ssize_t)got;
        }

        got += (size_t)n;
    }

    return (ssize_t)got;
}

/*
 * The watcher: forked from a multi-threaded process, so only async-signal-safe calls. It
 * holds the read end of a pipe whose write end only cronlock holds (and the job, until its
 * exec: close-on-exec). The job writes its kill target (-pgid, or its pid when it shares
 * cronlock's group) before its exec; cronlock writes WATCH_DONE once it has reaped the job.
 * End of file without WATCH_DONE means cronlock died with the job unreaped: its lock will
 * lapse, so nothing of the job may run on. A target written then the start failed is
 * followed by WATCH_DONE too (cronlock_spawn).
 *
 * It keeps no other descriptor: cron, and any reader of cronlock's output, waits for end of
 * file on it, and the Redis socket must close when cronlock dies. It leaves cronlock's
 * process group and ignores the signals sent to whole groups (^C, timeout(1), a shell's
 * hangup), so a group kill of cronlock with its default signal leaves it to do its work; it
 * dies to SIGKILL like anything else.
 */
_Noreturn void cronlock_watch(int watch_read, long open_max)
{
    if (watch_read != 0) {
        dup2(watch_read, 0);
    }

    int closed = -1;
#ifdef SYS_close_range
    closed = (int)syscall(SYS_close_range, 1U, ~0U, 0U);
#endif
    if (closed != 0) {
        /* Before Linux 5.9 (or headers without it): every possible descriptor, bounded. */
        for (long fd = 1; fd < open_max; fd++) {
            close((int)fd);
        }
    }

    /* Named for ps and top: it otherwise carries the name of the .NET thread that forked it. */
    prctl(PR_SET_NAME, "cronlock-watch", 0, 0, 0);
    setpgid(0, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    for (int number = 1; number < NSIG; number++) {
        switch (number) {
        case SIGHUP:
        case SIGINT:
        case SIGQUIT:
        case SIGTERM:
        case SIGPIPE:
        case SIGUSR1:
        case SIGUSR2:
        case SIGALRM:
        case SIGTSTP:
        case SIGTTIN:
        case SIGTTOU:
            action.sa_handler = SIG_IGN;
            break;
        default:
            action.sa_handler = SIG_DFL;
            break;
        }

        sigaction(number, &action, NULL);
    }

    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);

    pid_t target;
    if (read_fully(0, &target, sizeof target) != (ssize_t)sizeof target) {
        _exit(0);
    }

    char done;
    if (read_fully(0, &done, 1) == 1 && done == WATCH_DONE) {
        _exit(0);
    }

    kill(target, SIGKILL);
    _exit(0);
}

/* The watcher forked as the binary started (cronlock_watch_prepare), until a job takes it. */
static pid_t ready_watcher = -1;
static int ready_write = -1;

/* Forks a watcher (all signals must be blocked); 0 with *watcher and *watch_write set, or an errno. */
static int start_watcher(pid_t *watcher, int *watch_write)
{
    int watching[2];
    if (pipe2(watching, O_CLOEXEC) != 0) {
        return errno;
    }

    struct rlimit files;
    long open_max = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur < 65536
        ? (long)files.rlim_cur
        : 65536;
    pid_t pid = fork();
    if (pid == 0) {
        close(watching[1]);
        cronlock_watch(watching[0], open_max);
    }

    int error = errno;
    close(watching[0]);
    if (pid < 0) {
        close(watching[1]);
        return error;
    }

    *watcher = pid;
    *watch_write = watching[1];
    return 0;
}

void cronlock_watch_prepare(void)
{
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, &previous);
    pid_t watcher;
    int watch_write;
    if (start_watcher(&watcher, &watch_write) == 0) {
        if (watch_write > 2) {
            ready_watcher = watcher;
            ready_write = watch_write;
        } else {
            /* Standard descriptors were closed: this one would become .NET's stdout or stderr. */
            cronlock_watch_done(watch_write, watcher);
        }
    }

    sigprocmask(SIG_SETMASK, &previous, NULL);
}

int cronlock_watch_take(pid_t *watcher, int *watch_write)
{
    if (ready_watcher > 0) {
        pid_t ready = ready_watcher;
        int ready_fd = ready_write;
        ready_watcher = -1;
        ready_write = -1;
        pid_t gone;
        while ((gone = waitpid(ready, NULL, WNOHANG)) < 0 && errno == EINTR) {
        }

        if (gone == 0) {
            *watcher = ready;
            *watch_write = ready_fd;
            return 0;
        }

        /* Killed since (or already reaped): start another. */
        close(ready_fd);
    }

    return start_watcher(watcher, watch_write);
}

/* Tells the watcher the job was reaped: it then exits without killing anything. */
void cronlock_watch_done(int watch_write, pid_t watcher)
{
    char done = WATCH_DONE;
    while (write(watch_write, &done, 1) < 0 && errno == EINTR) {
    }

    close(watch_write);

    /*
     * Reaped now only if it is already gone: waiting would add its wake-up and exit to every
     * run. It exits by itself as soon as it reads the byte, and once cronlock has exited, init
     * (or the nearest subreaper) reaps it.
     */
    while (waitpid(watcher, NULL, WNOHANG) < 0 && errno == EINTR) {
    }
}
