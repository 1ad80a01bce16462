# recbot worker image: one container per room. The orchestrator passes the room's config as flags,
# RECBOT_* environment variables or a mounted JSON file (--config), and stops it with SIGTERM.
# It runs as the non-root user recbot (uid 10001) with Chromium's sandbox on, which needs user
# namespaces inside the container: see docs/deployment.md for the seccomp setting this takes.
FROM debian:bookworm-slim AS build
WORKDIR /src
COPY scripts/setup scripts/setup
RUN scripts/setup --build && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
COPY pom.xml .
RUN mvn -q -B -ntp dependency:go-offline
COPY src src
RUN mvn -q -B -ntp -DskipTests package

# The runtime: a JRE, the browser and its helpers, fonts, no compiler, JDK, Maven or test tools.
FROM debian:bookworm-slim
WORKDIR /opt/recbot
COPY scripts/setup scripts/setup
RUN scripts/setup --runtime && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb \
    && useradd --uid 10001 --user-group --create-home --shell /usr/sbin/nologin recbot \
    && install -d -o recbot -g recbot /recordings
COPY scripts scripts
COPY --from=build /src/target/recbot.jar target/recbot.jar
# The class data archive for this jar at this path (a faster JVM start), recorded from one short
# session on the bundled test page; without it recbot starts anyway, just slower. The FFmpeg
# libraries that session unpacked from the jar (JavaCPP's cache in the user's home) go to recbot's
# home, so that no container start unpacks them again.
RUN (scripts/cds-archive || echo "no class data archive: recbot will start without it") \
    && if [ -d /root/.javacpp ]; then mv /root/.javacpp /home/recbot/ && chown -R recbot:recbot /home/recbot/.javacpp; fi
COPY bot-config bot-config
VOLUME /recordings
ENV RECBOT_OUTPUT_DIR=/recordings
# Numeric, so that an orchestrator can verify runAsNonRoot without looking the name up.
USER 10001:10001
# For serve: GET /healthz on its port. Other commands are healthy while they run.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/opt/recbot/scripts/healthcheck"]
# tini is PID 1: it forwards SIGTERM to recbot and reaps what a crashed browser leaves. The launcher
# execs java with scripts/jvm-options and the archive, so what runs here is what the tests run.
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/recbot/scripts/recbot"]
CMD ["--help"]
