package live.recbot.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Kubernetes manifests read into fabric8's model of the Kubernetes API, strictly: the model's
 * classes keep any field they do not know in a map of "additional properties", which this reader
 * turns off, so a misspelt or misplaced field fails instead.
 */
final class Manifests {
    /** The kinds deploy/kubernetes uses, by apiVersion and kind. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "v1/Service", Service.class,
            "batch/v1/Job", Job.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final ObjectMapper YAML = new YAMLMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    /** A resource and where it came from. */
    record Resource(String source, HasMetadata object) {
    }

    private Manifests() {
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Resource> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return read(file.getFileName().toString(), r);
        }
    }

    static List<Resource> read(String source, String yaml) throws IOException {
        return read(source, new StringReader(yaml));
    }

    /** Every document of a multi-document YAML stream, each as its kind's model class. */
    private static List<Resource> read(String source, Reader yaml) throws IOException {
        List<Resource> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                String where = source + " document " + index;
                String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                if (type == null) {
                    throw new IllegalArgumentException(where + ": no model for " + key);
                }
                try {
                    out.add(new Resource(where, STRICT.treeToValue(doc, type)));
                } catch (IOException e) {
                    throw new IllegalArgumentException(where + " (" + key + "): " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
