import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * The ONNX operator set the exporter writes; ONNX Runtime 1.20+ and onnx 1.12 read it.
 */
export const ONNX_OPSET = 13;

/** The ONNX IR version that goes with opset 13 (ONNX "Versioning.md"). */
export const ONNX_IR_VERSION = 7;

/** An attribute value as the builder accepts it: numbers are ints unless marked float. */
export type OnnxAttributeValue =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly string: string };

/**
 * One graph input or output: its name and its shape, `null` for a symbolic batch axis.
 */
export interface OnnxValueSpec {
  readonly name: string;
  readonly shape: readonly (number | null)[];
}

/**
 * Collects the nodes and float32 initializers of one ONNX graph and serialises it with
 * the `onnx-proto` protobuf definitions (the ONNX project's `onnx.proto3`, compiled by
 * protobufjs), so no byte of the file is encoded by hand.
 */
export class OnnxGraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly usedNames = new Set<string>();

  /**
   * Returns a value name not used before in this graph, derived from `base`.
   * @param base - The preferred name (usually the Keras layer name).
   * @returns `base`, or `base` with a numeric suffix when taken.
   */
  uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${base}__${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /**
   * Adds a float32 constant (an initializer) to the graph.
   * @param base - Preferred name.
   * @param dims - Its shape.
   * @param values - Its values, row-major, `product(dims)` of them; kept, not copied.
   * @returns The value name to use as a node input.
   */
  addFloatTensor(base: string, dims: readonly number[], values: Float32Array): string {
    const name = this.uniqueName(base);
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.FLOAT,
        rawData: bytes,
      }),
    );
    return name;
  }

  /**
   * Adds an int64 constant (used for shapes such as `Reshape`'s target).
   * @param base - Preferred name.
   * @param values - The integers, one-dimensional.
   * @returns The value name.
   */
  addInt64Tensor(base: string, values: readonly number[]): string {
    const name = this.uniqueName(base);
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [values.length],
        dataType: onnx.TensorProto.DataType.INT64,
        int64Data: [...values],
      }),
    );
    return name;
  }

  /**
   * Appends one node.
   * @param opType - The ONNX operator (`'Conv'`, `'Relu'`, ...), default domain.
   * @param inputs - Input value names; `''` for an omitted optional input.
   * @param outputBase - Preferred name of its single output.
   * @param attributes - Operator attributes by name.
   * @returns The output value name.
   */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputBase: string,
    attributes: Readonly<Record<string, OnnxAttributeValue>> = {},
  ): string {
    const output = this.uniqueName(outputBase);
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: output,
        input: [...inputs],
        output: [output],
        attribute: Object.entries(attributes).map(([name, value]) =>
          toAttribute(name, value),
        ),
      }),
    );
    return output;
  }

  /** Number of nodes added so far, by operator type (for tests and reports). */
  operatorCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const node of this.nodes) counts[node.opType] = (counts[node.opType] ?? 0) + 1;
    return counts;
  }

  /**
   * Serialises the model.
   * @param options - Graph name, its one input and outputs, producer and metadata.
   * @returns The `.onnx` file's bytes.
   */
  serialize(options: {
    readonly graphName: string;
    readonly inputs: readonly OnnxValueSpec[];
    readonly outputs: readonly OnnxValueSpec[];
    readonly producerVersion: string;
    readonly docString: string;
    readonly metadata: Readonly<Record<string, string>>;
  }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'calvaria',
      producerVersion: options.producerVersion,
      docString: options.docString,
      graph: onnx.GraphProto.create({
        name: options.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: options.inputs.map(toValueInfo),
        output: options.outputs.map(toValueInfo),
      }),
      metadataProps: Object.entries(options.metadata).map(([key, value]) => ({
        key,
        value,
      })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function toAttribute(
  name: string,
  value: OnnxAttributeValue,
): InstanceType<typeof onnx.AttributeProto> {
  const types = onnx.AttributeProto.AttributeType;
  if ('int' in value)
    return onnx.AttributeProto.create({ name, type: types.INT, i: value.int });
  if ('ints' in value) {
    return onnx.AttributeProto.create({ name, type: types.INTS, ints: [...value.ints] });
  }
  if ('float' in value) {
    return onnx.AttributeProto.create({ name, type: types.FLOAT, f: value.float });
  }
  return onnx.AttributeProto.create({
    name,
    type: types.STRING,
    s: new TextEncoder().encode(value.string),
  });
}

function toValueInfo(spec: OnnxValueSpec): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name: spec.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: spec.shape.map((size) =>
            size === null ? { dimParam: 'batch' } : { dimValue: size },
          ),
        },
      },
    },
  });
}
