//go:build unix

package sqlite

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU reports the process's CPU time (user and system, every goroutine and SQLite's own work) per
// operation from the moment it is called until the benchmark ends: on a shared machine it moves less than
// the wall clock per operation. Call it after the setup.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Microseconds())/float64(b.N), "cpu-µs/op")
		}
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
