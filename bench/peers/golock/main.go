// Command golock-peer replays golock's Redis sequence for one job, so that the bench can compare
// CronLock's per-run cost with golock's on a machine where golock itself cannot be built (its Go
// modules are not reachable offline). It is measured, never shipped: no flags, no TLS, no
// reconnects, no timeout, no take-over of a stale key that has no TTL, and not the panic some
// golock releases hit after a successful job; only the settings that change what is sent.
//
//	PING
//	SET key <now+RELEASE+1> EX RELEASE NX    lost: GET key, exit 200
//	run the job (argv; stdout and stderr inherited, stdin /dev/null, as golock does)
//	GETSET key <start+GRACE+1>
//	EXPIREAT key <start+GRACE+1>             a time in the past deletes the key, as with golock
//	exit with the job's code; any Redis error exits 201
package main

import (
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/gomodule/redigo/redis"
)

const (
	exitLocked     = 200
	exitRedisError = 201
	// golock's code for a command it cannot start (CronLock uses the shell's 126/127 instead).
	exitCannotRun = 1
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(command []string) int {
	if len(command) == 0 {
		fmt.Fprintln(os.Stderr, "usage: golock-peer command [args...]")
		return 2
	}
	host := env("CRONLOCK_HOST", "localhost")
	port := env("CRONLOCK_PORT", "6379")
	release := envInt("CRONLOCK_RELEASE", 86400)
	grace := envInt("CRONLOCK_GRACE", 40)
	sum := md5.Sum([]byte(strings.Join(command, " ")))
	key := env("CRONLOCK_PREFIX", "cronlock.") + hex.EncodeToString(sum[:])

	conn, err := redis.Dial("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return redisError(err)
	}
	defer conn.Close()

	if _, err := conn.Do("PING"); err != nil {
		return redisError(err)
	}
	start := time.Now().Unix()
	reply, err := conn.Do("SET", key, start+release+1, "EX", release, "NX")
	if err != nil {
		return redisError(err)
	}
	if reply == nil {
		// golock reads the holder's expiry to report it; the read is part of a lost run's cost.
		if _, err := conn.Do("GET", key); err != nil {
			return redisError(err)
		}
		return exitLocked
	}

	code := runJob(command)

	until := start + grace + 1
	if _, err := conn.Do("GETSET", key, until); err != nil {
		return redisError(err)
	}
	if _, err := conn.Do("EXPIREAT", key, until); err != nil {
		return redisError(err)
	}
	return code
}

func runJob(command []string) int {
	cmd := exec.Command(command[0], command[1:]...)
	// golock leaves Stdin nil, so the job reads /dev/null.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	default:
		fmt.Fprintln(os.Stderr, "golock-peer:", err)
		return exitCannotRun
	}
}

func redisError(err error) int {
	fmt.Fprintln(os.Stderr, "golock-peer: redis:", err)
	return exitRedisError
}

func env(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

// Like golock, an unparsable number falls back to the default instead of failing the run.
func envInt(name string, fallback int64) int64 {
	if value, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return value
	}
	return fallback
}
