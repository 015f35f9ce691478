// A service module using every directive the extractor reads or skips (hand-written).
module example.com/hullscan/svc

go 1.21

toolchain go1.21.13

godebug (
	default=go1.21
	panicnil=1
)

require (
	github.com/google/uuid v1.6.0
	golang.org/x/net v0.24.0 // indirect
	golang.org/x/text v0.14.0 // indirect; used by x/net
	example.com/hullscan/internal v0.0.0-00010101000000-000000000000
	"github.com/sirupsen/logrus" v1.9.3
	github.com/pkg/errors v0.9.1
	gopkg.in/yaml.v3 v3.0.1
)

require github.com/stretchr/testify v1.9.0

exclude golang.org/x/net v0.23.0

replace example.com/hullscan/internal => ./internal

replace golang.org/x/net v0.24.0 => golang.org/x/net v0.33.0

replace (
	github.com/pkg/errors => github.com/hullscan-forks/errors v0.9.2-0.20240101000000-abcdef012345
	gopkg.in/yaml.v3 v3.0.0 => gopkg.in/yaml.v3 v3.0.1-fork // another version: not applied
)

retract [v0.1.0, v0.1.5] // broken releases
