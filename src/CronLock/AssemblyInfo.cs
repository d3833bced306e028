// cronlock is a POSIX tool: process groups, signals, vfork/exec, Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
