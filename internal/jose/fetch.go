package jose

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"jwtlab/internal/loopback"
)

// maxJWKSBytes bounds the body read; real key sets are a few kilobytes.
const maxJWKSBytes = 1 << 20

// FetchJWKS downloads a JWK Set from an http(s) URL on a loopback host
// (package loopback checks the host and every address connected to).
func FetchJWKS(ctx context.Context, rawURL string) ([]*Key, error) {
	u, err := loopback.URL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("JWKS URL %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := loopback.Client().Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWKS: %s answered %s", u.Redacted(), resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	if len(body) > maxJWKSBytes {
		return nil, fmt.Errorf("fetch JWKS: body over %d bytes", maxJWKSBytes)
	}
	keys, err := ParseKeyFile(body)
	if err != nil {
		return nil, fmt.Errorf("JWKS from %s: %w", u.Redacted(), err)
	}
	return keys, nil
}
