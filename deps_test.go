package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestBinaryLinksNoTestPackages: test scaffolding stays out of the
// shipped binary. jwtlab learn runs lessons that start a server in
// process (server/servertest), and that must not drag in the testing
// framework or httptest.
func TestBinaryLinksNoTestPackages(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps .: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "jwtlab/server") {
		t.Fatalf("go list -deps . lacks jwtlab/server; the listing is not the binary's:\n%s", out)
	}
	for _, pkg := range []string{"testing", "net/http/httptest"} {
		if slices.Contains(deps, pkg) {
			t.Errorf("jwtlab links %s; keep it to _test.go files", pkg)
		}
	}
}
