package main

import (
	"context"
	"errors"
)

func cmdLearn(ctx context.Context, args []string, e env) error {
	return errors.New("learn: not built yet")
}
