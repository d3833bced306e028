namespace CronLock.Options;

/// <summary>The catalogue of settings: drives the flags, the env lookup and the help text.</summary>
internal static class Settings
{
    public static readonly Setting Host = new("HOST", "--host", "host", "localhost", "Redis host name or address");
    public static readonly Setting Port = new("PORT", "--port", "port", "6379", "Redis port");
    public static readonly Setting Auth = new("AUTH", "--auth", "password", "none", "Redis password (prefer the env var: flags show in ps)");
    public static readonly Setting Db = new("DB", "--db", "n", "0", "Redis database number");
    public static readonly Setting RedisTimeout = new("REDIS_TIMEOUT", "--redis-timeout", "s", "30", "Seconds to wait for Redis to connect and to answer");
    public static readonly Setting ReconnectAttempts = new("RECONNECT_ATTEMPTS", "--reconnect-attempts", "n", "5", "Connect tries before giving up");
    public static readonly Setting ReconnectBackoff = new("RECONNECT_BACKOFF", "--reconnect-backoff", "s", "5", "Seconds the wait grows by after each failed try; 0 = retry at once");
    public static readonly Setting Grace = new("GRACE", "--grace", "s", "40", "Minimum seconds a lock persists after the job started");
    public static readonly Setting Release = new("RELEASE", "--release", "s", "86400", "Maximum seconds a lock persists");
    public static readonly Setting Key = new("KEY", "--key", "name", "md5 of the command", "Lock name; jobs sharing it never run at once");
    public static readonly Setting Prefix = new("PREFIX", "--prefix", "prefix", "cronlock.", "Prefix of every Redis key; empty = none");
    public static readonly Setting KeyCompat = new("KEY_COMPAT", "--key-compat", "style", "golock", "Key derivation: golock, or cronlock (bash: md5 of args + newline)");
    public static readonly Setting Timeout = new("TIMEOUT", "--timeout", "s", "0", "Seconds before the job's process group is killed; 0 = never");
    public static readonly Setting TimeoutSignal = new("TIMEOUT_SIGNAL", "--timeout-signal", "sig", "KILL", "Signal sent at the timeout: KILL, or TERM then KILL after KILL_AFTER");
    public static readonly Setting KillAfter = new("KILL_AFTER", "--kill-after", "s", "10", "Seconds between TERM and KILL when stopping the job");
    public static readonly Setting Lease = new("LEASE", "--lease", "s", "0", "Key lives this long, renewed every third while the job runs; 0 = off");
    public static readonly Setting OnLost = new("ON_LOST", "--on-lost", "what", "kill", "If the lease is lost: kill (TERM, then KILL; exit 203) or warn");
    public static readonly Setting Wait = new("WAIT", "--wait", "s", "0", "Wait up to this long for a held lock before exiting 200");
    public static readonly Setting Limit = new("LIMIT", "--limit", "n", "1", "Up to this many hosts run the job at once, each with its own lock and fencing token; 1 = one at a time (1-1000)");
    public static readonly Setting Splay = new("SPLAY", "--splay", "s", "0", "Before taking the lock, wait a random 0 to this many seconds, so hosts started at once reach Redis apart; 0 = off");
    public static readonly Setting Period = new("PERIOD", "--period", "duration", "none", "Run at most once per slot of this length (10m, 1h, 1d or seconds), fleet-wide, by Redis's clock; a run still going at the next slot makes that slot exit 205");
    public static readonly Setting Schedule = new("SCHEDULE", "--schedule", "cron", "none", "Run at most once per occurrence of this five-field cron expression, fleet-wide, by Redis's clock (instead of PERIOD)");
    public static readonly Setting ScheduleTz = new("SCHEDULE_TZ", "--schedule-tz", "zone", "UTC", "IANA time zone the SCHEDULE expression is read in");
    public static readonly Setting Url = new("URL", "--url", "url", "none", "redis://[user[:password]@]host:port[/db], rediss:// for TLS, or a StackExchange.Redis configuration string");
    public static readonly Setting User = new("USER", "--user", "name", "none", "Redis ACL user name");
    public static readonly Setting AuthFile = new("AUTH_FILE", "--auth-file", "path", "none", "Read the password from this file (owned by the user running cronlock, mode 600 or stricter)");
    public static readonly Setting Sentinels = new("SENTINELS", "--sentinels", "list", "none", "Sentinels host:port,...; the lock lives on the master they name");
    public static readonly Setting SentinelMaster = new("SENTINEL_MASTER", "--sentinel-master", "name", "mymaster", "Name of the master the sentinels watch");
    public static readonly Setting SentinelAuth = new("SENTINEL_AUTH", "--sentinel-auth", "password", "none", "Password of the sentinels, when they have one");
    public static readonly Setting UseSentinel = new("USE_SENTINEL", "--use-sentinel", "", "no", "bash cronlock style: ask the sentinel at SENTINEL_HOST:SENTINEL_PORT", IsSwitch: true);
    public static readonly Setting SentinelHost = new("SENTINEL_HOST", "--sentinel-host", "host", "localhost", "bash cronlock style sentinel host (with USE_SENTINEL)");
    public static readonly Setting SentinelPort = new("SENTINEL_PORT", "--sentinel-port", "port", "26379", "bash cronlock style sentinel port (with USE_SENTINEL)");
    public static readonly Setting Hosts = new("HOSTS", "--hosts", "list", "none", "Redlock: independent masters host:port,...; a lock needs a majority");
    public static readonly Setting Cluster = new("CLUSTER", "--cluster", "", "no", "Redis is a cluster: discover its nodes and follow MOVED/ASK", IsSwitch: true);
    public static readonly Setting MinReplicas = new("MIN_REPLICAS", "--min-replicas", "n", "0", "After taking the lock, WAIT until this many replicas have it, else give it back and exit 201");
    public static readonly Setting TlsCa = new("TLS_CA", "--tls-ca", "path", "system roots", "PEM bundle of the CAs that may sign the server's certificate");
    public static readonly Setting TlsCert = new("TLS_CERT", "--tls-cert", "path", "none", "PEM client certificate for mutual TLS (with TLS_KEY)");
    public static readonly Setting TlsKey = new("TLS_KEY", "--tls-key", "path", "none", "PEM private key of the client certificate");
    public static readonly Setting TlsServerName = new("TLS_SERVER_NAME", "--tls-server-name", "name", "the host", "Name expected in the server's certificate (SNI)");
    public static readonly Setting Reason = new("REASON", "--reason", "text", "none", "Why the lock is taken, or with --pause why the job is paused; shown by --status and --list");
    public static readonly Setting PauseFor = new("PAUSE_FOR", "--for", "duration", "until --resume", "With --pause: the pause ends by itself after this long (90, 90s, 10m, 2h, 1d)");
    public static readonly Setting Config = new("CONFIG", "--config", "path", ConfigFile.DefaultPath, "Config file of CRONLOCK_X=value lines (bash cronlock's format); flags and env win");
    public static readonly Setting Tls = new("TLS", "--tls", "", "no", "Connect to Redis over TLS", IsSwitch: true);
    public static readonly Setting TlsSkipVerify = new("TLS_SKIP_VERIFY", "--tls-skip-verify", "", "no", "Do not verify the server's TLS certificate", IsSwitch: true);
    public static readonly Setting Verbose = new("VERBOSE", "--verbose", "", "no", "Log debug messages to stderr", IsSwitch: true);
    public static readonly Setting Reset = new("RESET", "--reset", "", "no", "Delete the lock for this command and exit 200", IsSwitch: true);
    public static readonly Setting MetricsDir = new("METRICS_DIR", "--metrics-dir", "path", "none", "After each run write this job's Prometheus textfile (cronlock_<key>.prom) in this directory, for node_exporter");
    public static readonly Setting LogFormat = new("LOG_FORMAT", "--log-format", "format", "text", "cronlock's own stderr lines: text, or json (one JSON object per line, with a summary event per run)");
    public static readonly Setting Quiet = new("QUIET", "--quiet", "", "no", "Print the job's output only when the run fails (cronic style): a successful run stays silent, so cron sends no mail", IsSwitch: true);
    public static readonly Setting History = new("HISTORY", "--history-size", "n", "20", "Finished runs kept in Redis beside the lock, shown by --history; 0 = none (the flag is --history-size: --history shows them)");
    public static readonly Setting DryRun = new("DRY_RUN", "--dry-run", "", "no", "Say what a run would do and exit with its code; writes nothing, runs nothing", IsSwitch: true);

    public static readonly Setting PingUrl = new("PING_URL", "--ping-url", "url", "none", "Healthchecks ping URL: the lock's winner pings /start and /<exit code>, failures /fail (a secret: never logged whole)");
    public static readonly Setting PingHeld = new("PING_HELD", "--ping-held", "what", "none", "When the lock is held elsewhere: none (no ping) or log (ping <url>/log)");
    public static readonly Setting PingTimeout = new("PING_TIMEOUT", "--ping-timeout", "s", "5", "Seconds each ping or webhook request may take (up to 2 retries)");
    public static readonly Setting WebhookUrl = new("WEBHOOK_URL", "--webhook-url", "url", "none", "POST the run record as JSON here when the run ends (a secret: never logged whole)");

    public static readonly IReadOnlyList<Setting> All =
    [
        Host, Port, Auth, Db, RedisTimeout, ReconnectAttempts, ReconnectBackoff,
        Grace, Release, Key, Prefix, KeyCompat, Timeout, TimeoutSignal, KillAfter, Lease, OnLost, Wait, Limit, Splay, Period, Schedule, ScheduleTz,
        Url, User, AuthFile, Sentinels, SentinelMaster, SentinelAuth, UseSentinel, SentinelHost, SentinelPort, Hosts, Cluster, MinReplicas,
        Tls, TlsSkipVerify, TlsCa, TlsCert, TlsKey, TlsServerName, Verbose, LogFormat, MetricsDir, Quiet, History, Reset, DryRun, Reason, PauseFor, Config,
        PingUrl, PingHeld, PingTimeout, WebhookUrl,
    ];
}
