// cronlock is a POSIX tool (process groups, signals, exec); so is every test of it.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// One Redis server for the whole run; every test uses its own key, so they share it safely.
[assembly: AssemblyFixture(typeof(RedisFixture))]

// The tests mostly wait on child processes and Redis, not on the CPU: a few more than the core count keeps
// the suite short on a 2-core runner without starving the 20-process contention test.
[assembly: Xunit.v3.Parallelization(MaxThreads = 4)]
