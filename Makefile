# Custos: the two commands a user needs are `make run` and `make test`.
MVN ?= mvn
MVN_FLAGS ?= -B -ntp

.PHONY: help run stop test build db bench clean

help:
	@echo "make run    build, start Kafka + the five services + demo data; gateway on http://localhost:8080"
	@echo "make stop   stop what make run started"
	@echo "make test   the whole test suite (unit, service, Helm, end-to-end), as CI runs it"
	@echo "make build  compile and package without tests"

db:
	@deploy/ensure-postgres.sh

build:
	$(MVN) $(MVN_FLAGS) -q install -DskipTests

run: db build
	@deploy/run-suite.sh foreground

stop:
	@deploy/run-suite.sh stop

test: db
	$(MVN) $(MVN_FLAGS) verify

bench:
	$(MVN) $(MVN_FLAGS) -q package -DskipTests -pl bench -am
	bench/run.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf .custos/run
