using CronLock;
using CronLock.Logging;
using CronLock.Running;

PhaseMarks.Mark("main");

// The main thread waits for the run, and meanwhile starts the job and waits for it (JobThread).
var code = JobThread.LendWhile(() => CronLockCommand.RunAsync(args));
PhaseMarks.Mark("end");
PhaseMarks.Write();
return code;
