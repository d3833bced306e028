using CronLock;

return await CronLockCommand.RunAsync(args);
