using CronLock;

return await new CronLockCommand().InvokeAsync(args);
