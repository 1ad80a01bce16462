# recbot worker image: one container per room. The orchestrator passes the room's config as flags,
# RECBOT_* environment variables or a mounted JSON file (--config), and stops it with SIGTERM.
FROM debian:12-slim AS build
WORKDIR /src
COPY scripts/setup scripts/setup
RUN scripts/setup && rm -rf /var/lib/apt/lists/*
COPY pom.xml .
RUN mvn -q -B -ntp dependency:go-offline
COPY src src
RUN mvn -q -B -ntp -DskipTests package

FROM debian:12-slim
WORKDIR /opt/recbot
COPY scripts scripts
RUN scripts/setup && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/recbot.jar target/recbot.jar
# The class data archive for this jar at this path (a faster JVM start), recorded from one short
# session on the bundled test page; without it recbot starts anyway, just slower.
RUN scripts/cds-archive || echo "no class data archive: recbot will start without it"
COPY bot-config bot-config
VOLUME /recordings
ENV RECBOT_OUTPUT_DIR=/recordings
# The launcher execs java with scripts/jvm-options and the archive, so what runs here is what the
# tests run, and SIGTERM from the runtime reaches the JVM and finalises the file.
ENTRYPOINT ["/opt/recbot/scripts/recbot"]
CMD ["--help"]
