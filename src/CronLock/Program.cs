using CronLock;
using CronLock.Running;

// The main thread waits for the run, and meanwhile starts the job and waits for it (JobThread).
return JobThread.LendWhile(() => CronLockCommand.RunAsync(args));
