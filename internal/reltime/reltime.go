// Package reltime puts a token's time claims in words a person reads at a
// glance ("expires in 4m12s", "issued 5m0s ago"): the inspector's times, and
// the reasons jose and verify give for an expired or early token.
package reltime

import (
	"fmt"
	"time"
)

// Describe says how a time claim stands against now, in words:
// "expires in 4m12s", "expired 3h ago", "valid since 2m0s ago", "issued
// 5m0s ago".
func Describe(claim string, at, now time.Time) string {
	d := at.Sub(now)
	future := d > 0
	span := Approx(d.Abs())
	switch claim {
	case "exp":
		if future {
			return "expires in " + span
		}
		return "expired " + span + " ago"
	case "nbf":
		if future {
			return "not valid for another " + span
		}
		return "valid since " + span + " ago"
	case "iat":
		if future {
			return "issued " + span + " in the future"
		}
		return "issued " + span + " ago"
	}
	if future {
		return "in " + span
	}
	return span + " ago"
}

// Approx renders a duration the way people read a countdown: seconds
// precision under an hour ("4m12s"), minutes under a day ("3h5m"), hours
// beyond ("2d3h").
func Approx(d time.Duration) string {
	d = d.Truncate(time.Second)
	const day = 24 * time.Hour
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	case d < day:
		return trimZero(fmt.Sprintf("%dh%dm", int(d/time.Hour), int(d%time.Hour/time.Minute)), "0m")
	default:
		return trimZero(fmt.Sprintf("%dd%dh", int(d/day), int(d%day/time.Hour)), "0h")
	}
}

func trimZero(s, zero string) string {
	if len(s) > len(zero) && s[len(s)-len(zero):] == zero && (s[len(s)-len(zero)-1] < '0' || s[len(s)-len(zero)-1] > '9') {
		return s[:len(s)-len(zero)]
	}
	return s
}
