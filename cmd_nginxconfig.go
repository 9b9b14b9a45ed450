package main

import (
	"context"
	"errors"
)

func cmdNginxConfig(ctx context.Context, args []string, e env) error {
	return errors.New("nginxconfig: not built yet")
}
