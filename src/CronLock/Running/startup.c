/*
 * What the native binary does as it starts, before .NET does: a constructor the C runtime runs
 * while the process is small and has one thread. Linked into the native AOT binary only
 * (CronLock.csproj); the unit tests' shared library does without it.
 */
#define _GNU_SOURCE
#include <malloc.h>

#include "watch.h"

__attribute__((constructor)) static void cronlock_startup(void)
{
#ifdef M_ARENA_MAX
    /*
     * One malloc arena. glibc gives each new thread that mallocs an arena of its own: a 64 MB
     * reservation, then unmapped in part, and a munmap in a process with threads on other cores
     * interrupts them to flush their TLBs. A run starts about eight threads and mallocs little
     * (.NET keeps its objects in its own heap): one shared arena costs it nothing and saved
     * about 9 % of a run's time (docs/performance.md). musl has no such arenas.
     */
    mallopt(M_ARENA_MAX, 1);
#endif

    /* The job's watcher, forked now while the process is small (watch.c says why). */
    cronlock_watch_prepare();
}
