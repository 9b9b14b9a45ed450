//go:build race

package server

// raceEnabled: the race detector slows pure-Go hashing (PBKDF2's HMAC
// rounds) about twentyfold.
const raceEnabled = true
