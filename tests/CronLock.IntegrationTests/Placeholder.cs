namespace CronLock.IntegrationTests; public class Placeholder { [Xunit.Fact] public void Nothing() { } }
