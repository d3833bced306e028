/* The watcher of a job: forked by spawn.c before the job, told by cronlock once the job is reaped (watch.c). */
#ifndef CRONLOCK_WATCH_H
#define CRONLOCK_WATCH_H

#include <sys/types.h>

/*
 * Runs in the forked watcher, never returns: waits on watch_read for the job's kill target and
 * then for the done byte; end of file without it kills the target. open_max bounds the
 * descriptors it closes where close_range is missing.
 */
_Noreturn void cronlock_watch(int watch_read, long open_max);

/*
 * Forks the watcher a job will take, from the native binary's start (startup.c), while the
 * process is small and has one thread. Keeps none when the fork fails or when the pipe would take
 * a standard descriptor (one of 0-2 was closed): the job then gets a watcher of its own.
 */
void cronlock_watch_prepare(void);

/*
 * The watcher for a job about to start (all signals must be blocked): the one prepared at start
 * if it is still there, otherwise a new fork. 0 with *watcher and *watch_write (close-on-exec) set,
 * or the errno of the failed pipe or fork. One job per process takes the prepared one.
 */
int cronlock_watch_take(pid_t *watcher, int *watch_write);

/* Tells the watcher the job was reaped (it then exits without killing anything). */
void cronlock_watch_done(int watch_write, pid_t watcher);

#endif
