package org.doorwatch.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The slave read by the digitalpetri RTU client over TCP, as the gateway's Modbus source reads it. */
@Timeout(60)
class ModbusSlaveTest {

    private final int port = Ports.free();
    private final ModbusSlave slave = new ModbusSlave(1, 2);
    private ModbusRtuClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        slave.close();
    }

    private ModbusRtuClient client() throws Exception {
        client = ModbusRtuClient.create(NettyRtuClientTransport.create(cfg -> cfg.setHostname("127.0.0.1").setPort(port)),
                cfg -> cfg.setRequestTimeout(Duration.ofMillis(500)));
        client.connect();
        return client;
    }

    /** Inputs 0..7 of a read, packed LSB first as Modbus sends them. */
    private static int bits(byte[] packed) {
        return packed[0] & 0xff;
    }

    @Test
    void answersWithTheInputsAndCoilsSetPerUnit() throws Exception {
        slave.discreteInput(1, 0, true);
        slave.discreteInput(1, 2, true);
        slave.coil(2, 16, true);
        slave.startTcp("127.0.0.1", port);
        ModbusRtuClient c = client();

        assertThat(bits(c.readDiscreteInputs(1, new ReadDiscreteInputsRequest(0, 4)).inputs())).isEqualTo(0b0101);
        assertThat(bits(c.readCoils(2, new ReadCoilsRequest(16, 1)).coils())).isEqualTo(1);
        assertThat(bits(c.readDiscreteInputs(2, new ReadDiscreteInputsRequest(0, 4)).inputs()))
                .as("unit 2's discrete inputs are its own").isZero();

        slave.discreteInput(1, 0, false);
        assertThat(bits(c.readDiscreteInputs(1, new ReadDiscreteInputsRequest(0, 4)).inputs())).isEqualTo(0b0100);
    }

    @Test
    void aMutedUnitDoesNotAnswerAndTheOthersDo() throws Exception {
        slave.coil(2, 16, true);
        slave.startTcp("127.0.0.1", port);
        ModbusRtuClient c = client();

        slave.mute(2, true);
        assertThatThrownBy(() -> c.readCoils(2, new ReadCoilsRequest(16, 1))).isInstanceOf(ModbusTimeoutException.class);
        assertThat(c.readDiscreteInputs(1, new ReadDiscreteInputsRequest(0, 1)).inputs()).hasSize(1);
        slave.mute(2, false);
        assertThat(bits(c.readCoils(2, new ReadCoilsRequest(16, 1)).coils())).isEqualTo(1);
    }

    @Test
    void stoppedItFreesThePortAndStartedAgainItKeepsItsInputs() throws Exception {
        slave.discreteInput(1, 1, true);
        slave.startTcp("127.0.0.1", port);
        slave.stop();
        slave.startTcp("127.0.0.1", port);
        assertThat(bits(client().readDiscreteInputs(1, new ReadDiscreteInputsRequest(0, 2)).inputs())).isEqualTo(0b10);
        assertThatThrownBy(() -> slave.startTcp("127.0.0.1", port)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aUnitThatIsNotOnTheBusIsAMistakeInTheTest() {
        assertThatThrownBy(() -> slave.discreteInput(3, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no unit 3");
    }
}
