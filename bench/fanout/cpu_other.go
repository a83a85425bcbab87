//go:build !linux

package main

import "time"

// threadCPU reports nothing where a thread's own CPU time cannot be read.
func threadCPU() (time.Duration, bool) { return 0, false }
