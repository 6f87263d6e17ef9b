package dev.permalinker.ledger.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTableTest {

    @Test
    void constants_loadWithoutTheAwsSdk_asInfraCdkReadsThem() throws Exception {
        URL classes = Path.of(LedgerTable.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri()
                .toURL();
        try (URLClassLoader alone = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> table = alone.loadClass(LedgerTable.class.getName());

            assertThat(table.getField("PARTITION_KEY").get(null)).isEqualTo("pk");
            assertThat(table.getField("TTL_ATTRIBUTE").get(null)).isEqualTo("expiresAt");
            assertThat(table.getField("WRITE_ACTIONS").get(null))
                    .isEqualTo(List.of("dynamodb:GetItem", "dynamodb:PutItem"));
        }
    }

    @Test
    void ttlAttribute_isTheFieldTheRowsCarryTheirExpiryIn() {
        assertThat(LedgerTable.TTL_ATTRIBUTE).isEqualTo(dev.permalinker.ledger.internal.LedgerFields.EXPIRES_AT);
    }
}
