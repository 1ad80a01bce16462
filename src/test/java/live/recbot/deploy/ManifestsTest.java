package live.recbot.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import live.recbot.api.WorkerName;
import live.recbot.config.ConfigField;
import live.recbot.config.ConfigLoader;
import live.recbot.config.ConfigOverrides;
import live.recbot.config.WorkerSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes, read into Kubernetes' own model, strictly, and checked against what recbot needs. */
class ManifestsTest {
    private static final Path DIR = Path.of(System.getProperty("recbot.root", ".")).resolve("deploy/kubernetes");
    /** The image's non-root user (Dockerfile). */
    private static final long RECBOT_UID = 10001;
    /** Variables recbot reads besides the config fields'. */
    private static final Set<String> OTHER_RECBOT_VARIABLES = Set.of("RECBOT_API_TOKEN", "RECBOT_WEBHOOK_SECRET",
            WorkerName.ENV);
    /** A stop (measured 0.5 s, target 2 s) and the webhook's last deliveries (at most 10 s), with room for an upload. */
    private static final Duration STOP_AND_UPLOAD = Duration.ofSeconds(300);

    private static List<Manifests.Resource> all;

    @BeforeAll
    static void readAll() throws Exception {
        all = new ArrayList<>();
        for (Path f : Manifests.files(DIR)) {
            List<Manifests.Resource> read = Manifests.read(f);
            assertThat(read).as(f + " holds resources").isNotEmpty();
            all.addAll(read);
        }
    }

    @Test
    void aMisspeltMisplacedOrDuplicatedFieldFails() throws Exception {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i
                          %s
                """;
        assertThatThrownBy(() -> Manifests.read("misspelt", deployment.formatted("readinesProbe: {httpGet: {path: /readyz, port: 8080}}")))
                .hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> Manifests.read("misplaced", deployment.formatted("sizeLimit: 1Gi")))
                .hasMessageContaining("sizeLimit");
        assertThatThrownBy(() -> Manifests.read("duplicated", deployment.formatted("image: j")))
                .hasMessageContaining("image");
        assertThatThrownBy(() -> Manifests.read("second document", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndat: {}\n"))
                .hasMessageContaining("document 2").hasMessageContaining("dat");
        assertThat(Manifests.read("valid", deployment.formatted("readinessProbe: {httpGet: {path: /readyz, port: 8080}}")))
                .hasSize(1);
    }

    @Test
    void everyReferenceResolvesAndEveryRecbotVariableIsKnownAndValid() {
        Map<String, Secret> secrets = byName(Secret.class);
        Map<String, ConfigMap> configMaps = byName(ConfigMap.class);
        Set<String> claims = byName(PersistentVolumeClaim.class).keySet();
        Set<String> known = Stream.concat(Stream.of(ConfigField.values()).map(ConfigField::env),
                OTHER_RECBOT_VARIABLES.stream()).collect(Collectors.toSet());
        for (Container c : containers()) {
            List<String> names = new ArrayList<>();
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    assertThat(configMaps).containsKey(from.getConfigMapRef().getName());
                    names.addAll(configMaps.get(from.getConfigMapRef().getName()).getData().keySet());
                } else {
                    assertThat(secrets).containsKey(from.getSecretRef().getName());
                    names.addAll(secrets.get(from.getSecretRef().getName()).getStringData().keySet());
                }
            }
            for (EnvVar v : c.getEnv()) {
                names.add(v.getName());
                if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                    var ref = v.getValueFrom().getSecretKeyRef();
                    assertThat(secrets).containsKey(ref.getName());
                    assertThat(secrets.get(ref.getName()).getStringData()).containsKey(ref.getKey());
                }
            }
            assertThat(names.stream().filter(n -> n.startsWith("RECBOT_"))).as("RECBOT_ variables").isSubsetOf(known);
        }
        for (PodSpec pod : pods()) {
            pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .forEach(v -> assertThat(claims).contains(v.getPersistentVolumeClaim().getClaimName()));
        }
        // The shared settings are ones recbot accepts.
        WorkerSettings settings = settings();
        assertThat(settings.outputDir()).isEqualTo(Path.of("/recordings"));
    }

    @Test
    void everyPodRunsAsTheNonRootUserWithOnlySysChrootOnAReadOnlyRoot() {
        assertThat(pods()).hasSize(2);
        for (PodSpec pod : pods()) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(RECBOT_UID);
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
            for (Container c : pod.getContainers()) {
                var sc = c.getSecurityContext();
                assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
                assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
                assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(sc.getCapabilities().getAdd()).containsExactly("SYS_CHROOT");
                assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
                Map<String, Volume> mounted = c.getVolumeMounts().stream()
                        .collect(Collectors.toMap(VolumeMount::getMountPath, m -> volumes.get(m.getName())));
                String home = c.getEnv().stream().filter(e -> e.getName().equals("HOME")).findFirst().orElseThrow().getValue();
                // What recbot, Chromium, Xvfb and the JVM write, each on a volume of its own.
                assertThat(mounted).containsKeys("/dev/shm", "/tmp", home, "/recordings").doesNotContainValue(null);
                assertThat(c.getVolumeMounts()).noneMatch(m -> Boolean.TRUE.equals(m.getReadOnly()));
                assertThat(mounted.get("/dev/shm").getEmptyDir().getMedium()).isEqualTo("Memory");
                Quantity shm = mounted.get("/dev/shm").getEmptyDir().getSizeLimit();
                // A memory-backed volume counts against the container's memory limit.
                assertThat(bytes(c.getResources().getLimits().get("memory"))).isGreaterThan(bytes(shm));
                assertThat(bytes(c.getResources().getLimits().get("memory")))
                        .isGreaterThanOrEqualTo(bytes(c.getResources().getRequests().get("memory")));
                assertThat(bytes(c.getResources().getRequests().get("cpu"))).as("a 720p session's CPU, 10 min runs")
                        .isGreaterThanOrEqualTo(bytes(new Quantity("900m")));
            }
        }
    }

    @Test
    void theJobRecordsOnceAndHasTimeToFinaliseAndUpload() {
        Job job = only(Job.class);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).isGreaterThanOrEqualTo(STOP_AND_UPLOAD);
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).startsWith("run").contains("--record", "--status-port");
        assertThat(c.getEnvFrom()).anyMatch(f -> f.getSecretRef() != null
                && f.getSecretRef().getName().equals(job.getMetadata().getName()));
        assertThat(String.join(" ", c.getLivenessProbe().getExec().getCommand())).contains("/healthz")
                .contains("/dev/tcp/127.0.0.1/" + c.getArgs().get(c.getArgs().indexOf("--status-port") + 1));
    }

    @Test
    void thePoolRoutesToIdleWorkersScalesOnBusyOnesAndLetsSessionsEnd() {
        Deployment d = only(Deployment.class);
        PodTemplateSpec template = d.getSpec().getTemplate();
        Container c = template.getSpec().getContainers().get(0);
        assertThat(c.getArgs()).startsWith("serve").contains("--bind", "0.0.0.0");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getReadinessProbe().getFailureThreshold()).isEqualTo(1);
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getEnv()).anyMatch(e -> e.getName().equals(WorkerName.ENV) && e.getValue().contains("$(POD_IP)"));
        assertThat(String.join(" ", c.getLifecycle().getPreStop().getExec().getCommand())).contains("/readyz");
        // A busy worker's preStop waits for its session, which maxDuration bounds.
        assertThat(Duration.ofSeconds(template.getSpec().getTerminationGracePeriodSeconds()))
                .isGreaterThanOrEqualTo(settings().maxDuration().plus(STOP_AND_UPLOAD));
        Map<String, String> labels = template.getMetadata().getLabels();

        Service s = only(Service.class);
        assertThat(labels).containsAllEntriesOf(s.getSpec().getSelector());
        assertThat(s.getSpec().getPublishNotReadyAddresses()).as("busy workers must leave the endpoints").isNotEqualTo(true);
        String targetPort = s.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertThat(c.getPorts()).anyMatch(p -> p.getName().equals(targetPort));

        PodDisruptionBudget pdb = only(PodDisruptionBudget.class);
        assertThat(labels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        HorizontalPodAutoscaler hpa = only(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(d.getMetadata().getName());
        assertThat(hpa.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getPods().getMetric().getName()).isEqualTo("recbot_worker_busy"));
        assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThan(hpa.getSpec().getMaxReplicas());
    }

    private static WorkerSettings settings() {
        Map<String, String> data = only(ConfigMap.class).getData();
        return ConfigLoader.settings(ConfigLoader.merge(Optional.empty(), data, ConfigOverrides.NONE)
                .only(ConfigField.of(ConfigField.Scope.WORKER)));
    }

    private static long bytes(Quantity q) {
        return Quantity.getAmountInBytes(q).multiply(java.math.BigDecimal.valueOf(1000)).longValueExact();
    }

    private static List<PodSpec> pods() {
        return Stream.concat(of(Job.class).map(j -> j.getSpec().getTemplate().getSpec()),
                of(Deployment.class).map(d -> d.getSpec().getTemplate().getSpec())).toList();
    }

    private static List<Container> containers() {
        return pods().stream().flatMap(p -> p.getContainers().stream()).toList();
    }

    private static <T extends HasMetadata> Stream<T> of(Class<T> type) {
        return all.stream().map(Manifests.Resource::object).filter(type::isInstance).map(type::cast);
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = of(type).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> Map<String, T> byName(Class<T> type) {
        return of(type).collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o));
    }
}
