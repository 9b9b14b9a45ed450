package lessons

import clock "jwtlab/lessons/05-time"

var lesson05 = spec{
	number: 5, slug: "05-time", title: "Time",
	summary: "NumericDate, clock skew and leeway; expiry at the boundary",
	steps: []stepSpec{
		{section: "NumericDate", decls: []string{"Now", "NumericDate"}, run: clock.StepNumericDate},
		{section: "Expiry at the boundary", decls: []string{"Check"}, run: clock.StepCheckBoundary},
		{section: "Clock skew and leeway", run: clock.StepCheckLeeway},
		{section: "Issued in the future", run: clock.StepCheckIssuedInFuture},
	},
}
