/*
 * Starts cronlock's job so that it dies with cronlock (ChildProcess.cs calls it).
 *
 * posix_spawn cannot set PR_SET_PDEATHSIG, and without it a cronlock killed with SIGKILL (the
 * OOM killer, `kill -9`, a container runtime) leaves its job running with no lock once RELEASE
 * or the lease runs out: another host then starts the same job. So the job is started by hand,
 * as posix_spawnp would: vfork, then in the child only async-signal-safe system calls, then
 * execve. Compiled by CronLock.csproj with the C compiler the native AOT link already uses, and
 * linked into the binary (no shared library to find at run time).
 *
 * The parent-death signal fires when the *thread* that started the child exits, not the
 * process: ChildProcess calls this from the thread that then waits for the job, and lives
 * until the job is reaped. It reaches the job's own process only, and the kernel clears it
 * when the job execs a set-user-ID, set-group-ID or file-capability program. The processes
 * the job starts (a script's commands) are reached by a watcher: a small process started
 * before the job (forked as the native binary starts, startup.c), which kills the job's process
 * group when cronlock dies without having reaped the job first (watch.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "watch.h"

/* glibc's default when PATH is unset (confstr _CS_PATH), which its posix_spawnp uses too. */
#define DEFAULT_PATH "/bin:/usr/bin"

/*
 * execvpe without the shell fallback: like posix_spawnp in glibc (2.26 on) and musl, a file
 * that is not a valid executable fails with ENOEXEC instead of being run by /bin/sh. The search
 * rules are execvp's: a name with a slash is run as is; otherwise each PATH directory in turn
 * (an empty one is the current directory); EACCES anywhere wins over ENOENT, and an error other
 * than "not here" stops the search. Returns only on failure, with errno set.
 */
static void exec_searching_path(const char *file, char *const argv[], char *const envp[])
{
    if (file[0] == '\0') {
        errno = ENOENT;
        return;
    }

    if (strchr(file, '/') != NULL) {
        execve(file, argv, envp);
        return;
    }

    size_t file_length = strlen(file);
    if (file_length > NAME_MAX) {
        errno = ENAMETOOLONG;
        return;
    }

    const char *path = getenv("PATH");
    if (path == NULL) {
        path = DEFAULT_PATH;
    }

    char candidate[PATH_MAX + NAME_MAX + 2];
    int denied = 0;
    int last_error = ENOENT;
    for (const char *directory = path;; ) {
        const char *end = strchrnul(directory, ':');
        size_t length = (size_t)(end - directory);
        if (length < PATH_MAX) {
            memcpy(candidate, directory, length);
            if (length > 0) {
                candidate[length++] = '/';
            }

            memcpy(candidate + length, file, file_length + 1);
            execve(candidate, argv, envp);
            last_error = errno;
            switch (errno) {
            case EACCES:
                denied = 1;
                break;
            case ENOENT:
            case ENOTDIR:
            case ESTALE:
            case ENODEV:
            case ETIMEDOUT:
                break;
            default:
                return;
            }
        }

        if (*end == '\0') {
            break;
        }

        directory = end + 1;
    }

    errno = denied ? EACCES : last_error;
}

/* Reports errno to the parent through the close-on-exec pipe, then ends the child. */
static _Noreturn void fail(int report)
{
    int error = errno;
    while (write(report, &error, sizeof error) < 0 && errno == EINTR) {
    }

    _exit(127);
}

/*
 * Starts argv[0] (PATH searched) with argv and envp, stdio inherited (except stdout_fd and
 * stderr_fd when not -1: made the job's fd 1 and 2; cronlock's capture pipes, close-on-exec and
 * above 2), every signal at its default and none blocked; in a process group of its own when own_group is set; killed with
 * SIGKILL when the calling thread (and so cronlock) dies, and its group with it by a watcher
 * (watch.c) when cronlock dies before cronlock_watch_done.
 *
 * Returns 0 with *pid, *watch_write and *watcher set (pass the last two to cronlock_watch_done
 * once the job is reaped), or the errno of the failed start (pipe, fork, setpgid or exec),
 * the child and the watcher then already reaped.
 */
int cronlock_spawn(char *const argv[], char *const envp[], int own_group, int stdout_fd, int stderr_fd,
                   pid_t *pid, int *watch_write, pid_t *watcher)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        return errno;
    }

    /*
     * No signal handler may run in the child: it shares the parent's memory until exec. All
     * blocked here, defaults set in the child, and the child's mask emptied before exec.
     */
    sigset_t all;
    sigset_t previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t parent = getpid();

    /* Before the job, so that no moment of the job's life goes unwatched. */
    pid_t watch_process = -1;
    int watch_fd = -1;
    int watch_error = cronlock_watch_take(&watch_process, &watch_fd);
    int fork_error = watch_error;
    pid_t child = -1;
    if (watch_error == 0) {
        child = vfork();
        fork_error = errno;
    }

    if (child == 0) {
        close(report[0]);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
            fail(report[1]);
        }

        /* The parent died before the line above: nothing will send the signal now. */
        if (getppid() != parent) {
            _exit(127);
        }

        if (own_group && setpgid(0, 0) != 0) {
            fail(report[1]);
        }

        /* Before the exec: the job cannot start anything the watcher would not know of. */
        pid_t target = own_group ? -getpid() : getpid();
        while (write(watch_fd, &target, sizeof target) < 0) {
            if (errno != EINTR) {
                fail(report[1]);
            }
        }

        /* dup2 clears close-on-exec on the copy; the original closes at the exec. */
        if ((stdout_fd >= 0 && dup2(stdout_fd, 1) < 0) || (stderr_fd >= 0 && dup2(stderr_fd, 2) < 0)) {
            fail(report[1]);
        }

        /* .NET ignores SIGPIPE, and an ignored signal stays ignored across exec. */
        struct sigaction default_action;
        memset(&default_action, 0, sizeof default_action);
        default_action.sa_handler = SIG_DFL;
        for (int number = 1; number < NSIG; number++) {
            sigaction(number, &default_action, NULL);
        }

        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        exec_searching_path(argv[0], argv, envp);
        fail(report[1]);
    }

    int error = child < 0 ? fork_error : 0;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(report[1]);
    if (child > 0) {
        /* EOF: the exec succeeded (the pipe closed with it). An int: the child failed and exited. */
        ssize_t got;
        while ((got = read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
        }

        if (got != (ssize_t)sizeof error) {
            error = 0;
        } else {
            while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
            }
        }
    }

    close(report[0]);
    if (error == 0) {
        *pid = child;
        *watch_write = watch_fd;
        *watcher = watch_process;
    } else if (watch_error == 0) {
        cronlock_watch_done(watch_fd, watch_process);
    }

    return error;
}
