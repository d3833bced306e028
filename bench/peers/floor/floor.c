/*
 * floor-peer: the least a Redis-locked cron run can cost, as a yardstick for CronLock's per-run
 * cost. One process, one connection, two round trips:
 *
 *   SET key <now+RELEASE+1> NX EX RELEASE     not set: exit 200
 *   fork, exec the job (argv, inherited stdio), wait for it
 *   EVAL "if GET key == value then DEL key" 1 key value
 *   exit with the job's code; any Redis error exits 201
 *
 * The value is the one golock and CronLock write, so the same bytes go over the wire. It is
 * measured, never shipped: no TLS, no timeouts, no signal forwarding, no grace.
 *
 * The key is derived as golock and CronLock derive it (prefix + md5 hex of the arguments joined
 * by single spaces), so that check.sh can prove all three lock the same key and the hashing is
 * part of the measured cost, as it is in the others. The md5 is md5.c, not libcrypto: md5.c says
 * why.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

#include "md5.h"

enum { EXIT_LOCKED = 200, EXIT_REDIS_ERROR = 201, EXIT_CANNOT_RUN = 127 };

static const char release_script[] =
    "if redis.call('GET',KEYS[1])==ARGV[1] then return redis.call('DEL',KEYS[1]) end return 0";

static const char *env(const char *name, const char *fallback)
{
    const char *value = getenv(name);
    return value != NULL && *value != '\0' ? value : fallback;
}

/* An unparsable number falls back to the default, as in golock. */
static long env_long(const char *name, long fallback)
{
    const char *value = getenv(name);
    char *end;
    if (value == NULL || *value == '\0')
        return fallback;
    errno = 0;
    long parsed = strtol(value, &end, 10);
    return errno == 0 && *end == '\0' ? parsed : fallback;
}

/* prefix + md5 hex of argv joined by single spaces, into a malloc'd string. */
static char *derive_key(const char *prefix, int argc, char **argv)
{
    md5_context md5;
    unsigned char digest[16];
    md5_init(&md5);
    for (int i = 0; i < argc; i++) {
        if (i > 0)
            md5_update(&md5, " ", 1);
        md5_update(&md5, argv[i], strlen(argv[i]));
    }
    md5_final(&md5, digest);

    size_t prefix_length = strlen(prefix);
    char *key = malloc(prefix_length + 2 * sizeof digest + 1);
    if (key == NULL)
        return NULL;
    memcpy(key, prefix, prefix_length);
    for (size_t i = 0; i < sizeof digest; i++)
        sprintf(key + prefix_length + 2 * i, "%02x", digest[i]);
    return key;
}

static int redis_error(redisContext *redis, redisReply *reply)
{
    fprintf(stderr, "floor-peer: redis: %s\n",
            reply != NULL && reply->type == REDIS_REPLY_ERROR ? reply->str
            : redis != NULL && redis->err                      ? redis->errstr
                                                               : "no reply");
    if (reply != NULL)
        freeReplyObject(reply);
    if (redis != NULL)
        redisFree(redis);
    return EXIT_REDIS_ERROR;
}

static int run_job(char **argv)
{
    pid_t child = fork();
    if (child < 0) {
        perror("floor-peer: fork");
        return EXIT_CANNOT_RUN;
    }
    if (child == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "floor-peer: %s: %s\n", argv[0], strerror(errno));
        _exit(EXIT_CANNOT_RUN);
    }
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("floor-peer: waitpid");
            return EXIT_CANNOT_RUN;
        }
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: floor-peer command [args...]\n", stderr);
        return 2;
    }
    long release = env_long("CRONLOCK_RELEASE", 86400);
    char *key = derive_key(env("CRONLOCK_PREFIX", "cronlock."), argc - 1, argv + 1);
    if (key == NULL) {
        fputs("floor-peer: cannot derive the key\n", stderr);
        return EXIT_REDIS_ERROR;
    }
    char value[24];
    snprintf(value, sizeof value, "%lld", (long long)time(NULL) + release + 1);

    redisContext *redis = redisConnect(env("CRONLOCK_HOST", "localhost"), (int)env_long("CRONLOCK_PORT", 6379));
    if (redis == NULL || redis->err)
        return redis_error(redis, NULL);

    redisReply *reply = redisCommand(redis, "SET %s %s NX EX %ld", key, value, release);
    if (reply == NULL || reply->type == REDIS_REPLY_ERROR)
        return redis_error(redis, reply);
    int acquired = reply->type == REDIS_REPLY_STATUS;
    freeReplyObject(reply);
    if (!acquired) {
        redisFree(redis);
        return EXIT_LOCKED;
    }

    int code = run_job(argv + 1);

    reply = redisCommand(redis, "EVAL %s 1 %s %s", release_script, key, value);
    if (reply == NULL || reply->type == REDIS_REPLY_ERROR)
        return redis_error(redis, reply);
    freeReplyObject(reply);
    redisFree(redis);
    free(key);
    return code;
}
