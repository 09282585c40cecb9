/**
 * The RPC layer of a Sluice node: JSON-RPC 2.0 over HTTP and WebSocket on Vert.x, the operator
 * port, health and metrics. docs/rpc.md is the reference for clients and operators.
 *
 * <p>A request's path: {@code http.JsonRpcHttpService} (or {@code http.AdminHttpService}) runs the
 * transport gates on the event loop — connection limits, Host and Origin, the per-address rate
 * limit, the body-size limit — and hands the body to {@code jsonrpc.JsonRpcDispatcher}, which
 * parses it under a depth limit, checks each request's shape, finds the method in the {@code
 * jsonrpc.MethodRegistry}, binds its parameters and runs it through the processor chain on the
 * worker pool. Methods ({@code methods.Sluice*}, one per wire name) read the sequencer through
 * {@link dev.sluice.sequencer.Sequencer} and submit records through {@code methods.RecordIngress}.
 * WebSocket connections ({@code websocket.WebSocketConnection}) take the same path per message and add
 * subscriptions ({@code subscriptions.ConnectionSubscriptions}), each a feed subscription on the
 * sequencer.
 *
 * <p>{@link dev.sluice.rpc.RpcServer} wires it together from an {@link dev.sluice.rpc.RpcConfig};
 * {@code dev.sluice.rpc.client} is the Java SDK for clients.
 */
package dev.sluice.rpc;
