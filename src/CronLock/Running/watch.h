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

/* Tells the watcher the job was reaped (it then exits without killing anything). */
void cronlock_watch_done(int watch_write, pid_t watcher);

#endif
