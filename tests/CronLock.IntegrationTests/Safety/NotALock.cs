namespace CronLock.IntegrationTests.Safety;

/// <summary>A key of another Redis type where a lock could be: some application's data that shares the prefix.</summary>
internal static class NotALock
{
    public static Task CreateAsync(IDatabase db, string key, string type) => type switch
    {
        "hash" => db.HashSetAsync(key, "field", "value"),
        "list" => db.ListRightPushAsync(key, "item"),
        "set" => db.SetAddAsync(key, "member"),
        "zset" => db.SortedSetAddAsync(key, "member", 1),
        "stream" => db.StreamAddAsync(key, "field", "value"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a Redis type these tests create"),
    };

    /// <summary>The key is still there, of its type, holding what <see cref="CreateAsync"/> put in it.</summary>
    public static async Task AssertIntactAsync(IDatabase db, string key, string type)
    {
        Assert.Equal(type, (string?)await db.ExecuteAsync("TYPE", key));
        var contents = type switch
        {
            "hash" => (string?)await db.HashGetAsync(key, "field"),
            "list" => (string?)await db.ListGetByIndexAsync(key, 0),
            "set" => (await db.SetContainsAsync(key, "member")) ? "member" : null,
            "zset" => (await db.SortedSetScoreAsync(key, "member")) is not null ? "member" : null,
            _ => (await db.StreamLengthAsync(key)) == 1 ? "value" : null,
        };
        Assert.True(contents is "value" or "item" or "member", $"'{key}' lost what it held.");
    }
}
