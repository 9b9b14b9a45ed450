package lessons

import drf "jwtlab/lessons/18-drf"

var lesson18 = spec{
	number: 18, slug: "18-drf", title: "If you stay on DRF",
	summary: "CONN_MAX_AGE, stateless users, gunicorn workers, shared throttles, Argon2, next to jwtlab's knobs",
	steps: []stepSpec{
		{section: "CONN_MAX_AGE and connection pools", run: drf.StepConnections},
		{section: "Which user does a request see?", run: drf.StepUser},
		{section: "Workers: processes, threads, goroutines", run: drf.StepWorkers},
		{section: "Throttles: where the counter lives", run: drf.StepThrottle},
		{section: "Argon2PasswordHasher", run: drf.StepHasher},
	},
}
