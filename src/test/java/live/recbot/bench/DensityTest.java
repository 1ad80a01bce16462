package live.recbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DensityTest {
    private static final Density.Av IN_SYNC = new Density.Av(2, -12, 14);

    private static Density.Room room(double newPictures, Density.Av av) {
        return new Density.Room(0, newPictures, 0, av, 0.4, null);
    }

    @Test
    void aRoomHoldsWithItsPicturesAndEveryAvTargetMet() {
        assertThat(room(0.98, IN_SYNC).held()).isTrue();
        assertThat(room(0.99, new Density.Av(-20, -40, 40)).held()).as("on every bound").isTrue();
    }

    @Test
    void aRoomInSyncThatLosesPicturesDoesNotHold() {
        assertThat(room(0.979, IN_SYNC).held()).isFalse();
        assertThat(new Density.Room(0, 1.0, 1, IN_SYNC, 0.4, null).held()).as("a decode error").isFalse();
    }

    @Test
    void aRoomWithAllItsPicturesThatMissesAnAvTargetDoesNotHold() {
        assertThat(room(1.0, new Density.Av(21, -10, 30)).held()).as("median").isFalse();
        assertThat(room(1.0, new Density.Av(-21, -30, 10)).held()).as("median, early").isFalse();
        assertThat(room(1.0, new Density.Av(-10, -56, 11)).held()).as("10th percentile").isFalse();
        assertThat(room(1.0, new Density.Av(5, -10, 41)).held()).as("90th percentile").isFalse();
        assertThat(room(1.0, null).held()).as("no markers paired").isFalse();
    }

    @Test
    void aStepHoldsOnlyIfEveryRoomDoes() {
        Density.Step step = new Density.Step("recbot", "640x360", 2, 30, 0.5,
                List.of(room(1.0, IN_SYNC), room(1.0, new Density.Av(-10, -56, 11))));
        assertThat(step.held()).isFalse();
        assertThat(DensityReport.limits(List.of(step))).containsEntry("recbot at 640x360", 0);
    }
}
