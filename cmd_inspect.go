package main

import (
	"context"
	"errors"
)

func cmdInspect(ctx context.Context, args []string, e env) error {
	return errors.New("inspect: not built yet")
}

func cmdVerify(ctx context.Context, args []string, e env) error {
	return errors.New("verify: not built yet")
}

func cmdSign(ctx context.Context, args []string, e env) error {
	return errors.New("sign: not built yet")
}
