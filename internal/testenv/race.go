package testenv

import (
	"net/http"
	"testing"
)

// OneWinner checks the statuses of requests that raced to spend one
// single-use token (a refresh token under rotation and blacklisting):
// exactly one 200, every other a 401, and nothing else. what names the
// race in the messages.
func OneWinner(tb testing.TB, what string, statuses []int) {
	tb.Helper()
	won := 0
	for i, st := range statuses {
		switch st {
		case http.StatusOK:
			won++
		case http.StatusUnauthorized:
		default:
			tb.Errorf("%s: racer %d got %d; want 200 or 401", what, i, st)
		}
	}
	if won != 1 {
		tb.Errorf("%s: %d of %d racers got 200 (statuses %v); want exactly 1", what, won, len(statuses), statuses)
	}
}
