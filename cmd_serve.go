package main

import (
	"context"
	"errors"
)

func cmdServe(ctx context.Context, args []string, e env) error {
	return errors.New("serve: not built yet")
}

func cmdUsers(ctx context.Context, args []string, e env) error {
	return errors.New("users: not built yet")
}
