package bot

import (
	"errors"
	"fmt"
)

// Error codes, translated into user-facing replies at the edges.
const (
	EINVALID   = "invalid"   // the caller's input is wrong
	ENOTFOUND  = "not_found" // the thing asked for does not exist
	ECONFLICT  = "conflict"  // the change collides with one already made (a second answer, a taken slot)
	EFORBIDDEN = "forbidden" // the caller may not do this
	// EUNAVAILABLE means a platform the core had to ask did not answer; the message says which and asks
	// the member to try again.
	EUNAVAILABLE = "unavailable"
	// EREPLAYED means the request is a repeat of one already handled (see Command.Request); it ran once.
	EREPLAYED = "replayed"
	EINTERNAL = "internal" // our fault; the message is not shown to users
)

// Error is an error with a code and a message that is safe to show to a user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err: the *Error's message, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "Something went wrong on our side. Please try again in a moment."
}

// SettingError is a setting an operator gave that cannot be used: its name (the environment variable) and
// why, in words that say how to fix it. Each adapter checks its own settings and reports them this way;
// the program turns one into its start-up error.
type SettingError struct {
	Setting string
	Message string
}

func (e *SettingError) Error() string { return e.Setting + ": " + e.Message }
