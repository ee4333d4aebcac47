package io.gradgraph.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgraph.nn.data.Dataset;
import io.gradgraph.nn.data.Hdf5Dataset;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticPicturesTest {
    @TempDir
    Path dir;

    @Test
    void sameSeedSamePictures() {
        assertEquals(SyntheticPictures.train().dataset(), SyntheticPictures.train().dataset());
        assertTrue(!SyntheticPictures.train().dataset().equals(SyntheticPictures.generate(209, 3).dataset()));
    }

    @Test
    void theCourseLayoutAtASmallerSize() {
        Dataset train = SyntheticPictures.train().dataset();
        Dataset test = SyntheticPictures.test().dataset();
        assertEquals(16 * 16 * 3, train.features());
        assertEquals(209, train.examples());
        assertEquals(50, test.examples());
        assertEquals(List.of("non-cat", "cat"), train.classes());
        int cats = 0;
        for (int i = 0; i < train.examples(); i++) {
            cats += (int) train.y().get(0, i);
        }
        assertEquals(69, cats);
        for (double v : train.x().data) {
            assertTrue(v >= 0 && v <= 1, "pixels are scaled to [0, 1]");
        }
    }

    @Test
    void readsBackFromHdf5AsTheCourseFilesDo() {
        SyntheticPictures.Pictures pictures = SyntheticPictures.test();
        Path file = dir.resolve("test_catvnoncat.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("test_set_x", pictures.pixels(), DatasetCreationOptions.builder().unsigned().build());
            hdf.putDataset("test_set_y", pictures.labels());
            hdf.putDataset("list_classes", new String[] {"non-cat", "cat"});
        }
        assertEquals(pictures.dataset(), Hdf5Dataset.loadCatTest(file));
    }

    @Test
    void pythonFloatPrintsAsPythonsStr() {
        assertEquals("99.04306220095694", Training.pythonFloat(100 - 2 / 209.0 * 100));
        assertEquals("70.0", Training.pythonFloat(70));
        assertEquals("0.005", Training.pythonFloat(0.005));
        assertEquals("0.0075", Training.pythonFloat(0.0075));
        assertEquals("1.2", Training.pythonFloat(1.2));
        assertEquals("0.30000000000000004", Training.pythonFloat(0.1 + 0.2));
        assertEquals("100.0", Training.pythonFloat(100));
    }
}
