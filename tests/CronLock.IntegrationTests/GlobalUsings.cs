global using CronLock.IntegrationTests.Infrastructure;
global using StackExchange.Redis;
global using Xunit;
