package org.backupbatch.cli;

import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.amqp.inbound.AmqpInboundChannelAdapter;
import org.springframework.integration.amqp.outbound.AmqpOutboundEndpoint;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The RabbitMQ queue of a distributed fleet ({@code queue=}, default {@value #DEFAULT}) and its
 * dead-letter queue ({@code <queue>.dlq}). Requests are Spring Batch's {@code
 * StepExecutionRequest}s, Java-serialized: the workers' converter allows that class and nothing
 * else (Spring AMQP 4 refuses unlisted classes; an open list would deserialize anything). A
 * request a worker cannot handle is rejected without requeue and goes to the dead-letter queue:
 * requeued, a poison message loops for ever. Prefetch 1: a worker holds only the request it runs.
 */
final class FleetQueue {

    static final String DEFAULT = "backup-batch.fleet";

    private FleetQueue() {
    }

    static void declare(AmqpAdmin admin, String queue) {
        admin.declareQueue(new Queue(queue + ".dlq", true));
        admin.declareQueue(new Queue(queue, true, false, false, Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", queue + ".dlq")));
    }

    /** The manager's channel: what is sent to it goes to the queue. */
    static MessageChannel requests(RabbitTemplate template, String queue, BeanFactory beans) {
        AmqpOutboundEndpoint out = new AmqpOutboundEndpoint(template);
        out.setRoutingKey(queue);
        out.setBeanFactory(beans);
        out.afterPropertiesSet();
        DirectChannel channel = new DirectChannel();
        channel.setBeanFactory(beans);
        channel.subscribe(out);
        return channel;
    }

    /** A worker's listener: {@code consumers} requests at once, each handed to {@code handler} on its own thread. */
    static AmqpInboundChannelAdapter listen(ConnectionFactory connections, String queue, int consumers,
            MessageHandler handler, BeanFactory beans) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue);
        container.setConcurrentConsumers(consumers);
        container.setPrefetchCount(1);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO); // acked when the partition's run returns
        container.setDefaultRequeueRejected(false);
        SimpleMessageConverter converter = new SimpleMessageConverter();
        converter.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName(), "java.lang.Long",
                "java.lang.Number"));
        DirectChannel channel = new DirectChannel();
        channel.setBeanFactory(beans);
        channel.subscribe(handler);
        AmqpInboundChannelAdapter adapter = new AmqpInboundChannelAdapter(container);
        adapter.setMessageConverter(converter);
        adapter.setOutputChannel(channel);
        adapter.setBeanFactory(beans);
        adapter.afterPropertiesSet();
        return adapter;
    }
}
