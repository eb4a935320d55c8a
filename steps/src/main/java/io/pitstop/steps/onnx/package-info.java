/**
 * A trained model in an open format: {@link io.pitstop.steps.onnx.PortableModel} turns the feature transform
 * and the network into one ONNX graph ({@code model.onnx}) and describes its encoding ({@code features.json}),
 * so a service without a JVM scores a package's model as Pitstop does. Nothing to declare: every
 * {@code release.package} step writes both into the package.
 *
 * <pre>
 * - id: package
 *   uses: release.package      # churn-1.2.0/model.onnx and churn-1.2.0/features.json, signed with the rest
 * </pre>
 *
 * <p>The ONNX file is encoded here ({@link io.pitstop.steps.onnx.OnnxGraph} over
 * {@link io.pitstop.steps.onnx.ProtoWriter}) rather than with protobuf-java's generated classes: a graph is a
 * few messages, and generating classes would need {@code protoc} in the build.
 */
package io.pitstop.steps.onnx;
