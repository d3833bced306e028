// cronlock is a POSIX tool: process groups, signals, posix_spawn, Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
