namespace CronLock.Options;

/// <summary>Validates the settings that say where Redis is and how to reach it.</summary>
internal static class RedisTargetReader
{
    /// <summary>
    /// CRONLOCK_REDIS_TIMEOUT and RECONNECT_BACKOFF become client timeouts and waits in whole
    /// milliseconds (StackExchange.Redis takes an int); an hour is far past any useful value and
    /// far inside what those hold.
    /// </summary>
    public const int MaxClientSeconds = 3600;

    private static readonly Setting[] SingleServerSettings = [Settings.Host, Settings.Port];

    public static RedisTarget Read(SettingReader read, Func<string, string, string> readSecretFile)
    {
        var password = read.OptionalText(Settings.Auth);
        var origins = TargetOrigins.Separate;
        if (read.OptionalText(Settings.AuthFile) is { } authFile)
        {
            if (password is not null)
            {
                throw new InvalidSettingException($"{Settings.Auth.EnvVar} and {Settings.AuthFile.EnvVar} are both set: use one");
            }

            password = readSecretFile(authFile, Settings.AuthFile.EnvVar);
            origins = origins with { Password = Settings.AuthFile };
        }

        var target = new RedisTarget
        {
            Topology = RedisTopology.Single,
            Endpoints = [new HostPort(Host(read), read.Port(Settings.Port, 6379))],
            User = read.OptionalText(Settings.User),
            Password = password,
            Origins = origins,
            Database = read.Integer(Settings.Db, 0, min: 0, max: int.MaxValue, "a database number (0 or more)"),
            TimeoutSeconds = read.Seconds(Settings.RedisTimeout, 30, min: 1, max: MaxClientSeconds),
            ConnectTries = Math.Max(1, read.Integer(Settings.ReconnectAttempts, 5, min: 0, max: 1000, "a number of tries (0-1000)")),
            ReconnectBackoffSeconds = read.Seconds(Settings.ReconnectBackoff, 5, min: 0, max: MaxClientSeconds),
            MinReplicas = read.Integer(Settings.MinReplicas, 0, min: 0, max: 100, "a number of replicas (0-100)"),
            Tls = read.Boolean(Settings.Tls),
            TlsSkipVerify = read.Boolean(Settings.TlsSkipVerify),
            TlsCaFile = read.OptionalText(Settings.TlsCa),
            TlsCertFile = read.OptionalText(Settings.TlsCert),
            TlsKeyFile = read.OptionalText(Settings.TlsKey),
            TlsServerName = read.OptionalText(Settings.TlsServerName),
        };

        target = WithTopology(read, target);
        CheckTls(target);
        return target;
    }

    private static string Host(SettingReader read)
    {
        var host = read.Text(Settings.Host, "localhost");
        return host.Any(char.IsWhiteSpace) ? throw read.Invalid(Settings.Host, "is not a host name") : host;
    }

    private static RedisTarget WithTopology(SettingReader read, RedisTarget target)
    {
        var url = read.OptionalText(Settings.Url);
        var sentinels = Sentinels(read);
        var cluster = read.Boolean(Settings.Cluster);
        if (HostList(read, Settings.Hosts, 6379) is { } masters)
        {
            var other = new[] { Settings.Host, Settings.Port, Settings.Url, Settings.Sentinels, Settings.UseSentinel, Settings.Cluster, Settings.MinReplicas }
                .FirstOrDefault(s => read.IsGiven(s) && !(s.IsSwitch && !read.Boolean(s)));
            if (other is not null)
            {
                throw new InvalidSettingException($"{Settings.Hosts.EnvVar} (Redlock) and {other.EnvVar} are both set: Redlock uses its own independent masters");
            }

            return masters.Count >= 3
                ? target with { Topology = RedisTopology.Redlock, Endpoints = masters, Origins = target.Origins with { Server = Settings.Hosts } }
                : throw read.Invalid(Settings.Hosts, "names fewer than 3 masters; Redlock needs at least 3 independent ones");
        }

        if (url is not null || sentinels is not null)
        {
            var given = SingleServerSettings.FirstOrDefault(read.IsGiven);
            if (given is not null)
            {
                throw new InvalidSettingException(
                    $"{(url is not null ? Settings.Url.EnvVar : Settings.Sentinels.EnvVar)} and {given.EnvVar} are both set: use one way to name the server");
            }
        }

        if (url is not null && sentinels is not null)
        {
            throw new InvalidSettingException($"{Settings.Url.EnvVar} and {Settings.Sentinels.EnvVar} are both set: use one");
        }

        if (cluster && sentinels is not null)
        {
            throw new InvalidSettingException($"{Settings.Cluster.EnvVar} and {Settings.Sentinels.EnvVar} are both set: a cluster has no sentinels");
        }

        if (sentinels is not null)
        {
            return target with
            {
                Topology = RedisTopology.Sentinel,
                Endpoints = sentinels,
                Origins = target.Origins with { Server = read.IsGiven(Settings.Sentinels) ? Settings.Sentinels : Settings.SentinelHost },
                SentinelMaster = read.Text(Settings.SentinelMaster, "mymaster"),
                SentinelPassword = read.OptionalText(Settings.SentinelAuth),
            };
        }

        if (url is null)
        {
            return cluster ? target with { Topology = RedisTopology.Cluster } : target;
        }

        if (!RedisUrl.HasScheme(url))
        {
            return target with
            {
                Topology = RedisTopology.ConfigurationString,
                ConfigurationString = url,
                Origins = new TargetOrigins(Settings.Url, Settings.Url, Settings.Url, Settings.Url),
            };
        }

        return FromUrl(read, target, url) with { Topology = cluster ? RedisTopology.Cluster : RedisTopology.Single };
    }

    private static RedisTarget FromUrl(SettingReader read, RedisTarget target, string url)
    {
        var parsed = RedisUrl.Parse(url);
        var (user, password) = (target.User, target.Password);

        // redis://:password@host is the common form without an ACL user.
        if (parsed.User is { } urlUser)
        {
            user = target.User is null ? urlUser : throw new InvalidSettingException($"{Settings.Url.EnvVar} names a user and {Settings.User.EnvVar} is set: use one");
        }

        if (parsed.Password is { } urlPassword)
        {
            password = target.Password is null ? urlPassword : throw new InvalidSettingException($"{Settings.Url.EnvVar} has a password and {Settings.Auth.EnvVar} (or AUTH_FILE) is set: use one");
        }

        if (parsed.Database is not null && read.IsGiven(Settings.Db))
        {
            throw new InvalidSettingException($"{Settings.Url.EnvVar} names a database and {Settings.Db.EnvVar} is set: use one");
        }

        var origins = target.Origins;
        return target with
        {
            Endpoints = [parsed.Server],
            User = user,
            Password = password,
            Database = parsed.Database ?? target.Database,
            Tls = target.Tls || parsed.Tls,
            Origins = new TargetOrigins(
                Settings.Url,
                parsed.User is null ? origins.User : Settings.Url,
                parsed.Password is null ? origins.Password : Settings.Url,
                parsed.Database is null ? origins.Database : Settings.Url),
        };
    }

    private static List<HostPort>? HostList(SettingReader read, Setting setting, int defaultPort)
    {
        if (read.OptionalText(setting) is not { } list)
        {
            return null;
        }

        var endpoints = new List<HostPort>();
        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            endpoints.Add(HostPort.TryParse(item, defaultPort) ?? throw read.Invalid(setting, $"has \"{item}\" where host:port belongs"));
        }

        return endpoints.Count > 0 ? endpoints : throw read.Invalid(setting, "names no host");
    }

    private static List<HostPort>? Sentinels(SettingReader read)
    {
        if (HostList(read, Settings.Sentinels, 26379) is { } sentinels)
        {
            return sentinels;
        }

        // bash cronlock's spelling: CRONLOCK_USE_SENTINEL=yes with SENTINEL_HOST / SENTINEL_PORT.
        if (!read.Boolean(Settings.UseSentinel))
        {
            return null;
        }

        var host = read.Text(Settings.SentinelHost, "localhost");
        var port = read.Port(Settings.SentinelPort, 26379);
        return [new HostPort(host, port)];
    }

    private static void CheckTls(RedisTarget target)
    {
        var tlsFiles = new (string? Value, Setting Setting)[]
        {
            (target.TlsCaFile, Settings.TlsCa), (target.TlsCertFile, Settings.TlsCert),
            (target.TlsKeyFile, Settings.TlsKey), (target.TlsServerName, Settings.TlsServerName),
        };
        if (!target.Tls && (tlsFiles.FirstOrDefault(f => f.Value is not null) is { Setting: { } unused }))
        {
            throw new InvalidSettingException($"{unused.EnvVar} is set but TLS is off: set CRONLOCK_TLS=yes (or use a rediss:// URL)");
        }

        if ((target.TlsCertFile is null) != (target.TlsKeyFile is null))
        {
            throw new InvalidSettingException($"{Settings.TlsCert.EnvVar} and {Settings.TlsKey.EnvVar} go together: set both for mutual TLS");
        }
    }
}
