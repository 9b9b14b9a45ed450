//go:build race

package password

// raceEnabled: the race detector slows pure-Go hashing about tenfold.
const raceEnabled = true
