//go:build race

package packs_test

// raceDetector reports whether the tests run under the race detector, which makes training a FAQ about ten
// times slower.
const raceDetector = true
