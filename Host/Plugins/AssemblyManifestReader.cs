using System.Buffers.Binary;
using System.Text;

namespace AndyAI.Host.Plugins;

/// <summary>An assembly reference from a manifest: the referenced assembly's simple name and version.</summary>
internal readonly record struct AssemblyManifestReference(string Name, Version Version);

/// <summary>What <see cref="AssemblyManifestReader.Read"/> found in a PE image.</summary>
internal enum AssemblyManifestKind
{
    /// <summary>A PE image without a CLI header: a native DLL.</summary>
    Native,

    /// <summary>A .NET module without an assembly manifest (no Assembly table row).</summary>
    Module,

    /// <summary>A .NET assembly.</summary>
    Assembly,
}

/// <summary>
/// Reads the assembly references of a .NET PE image straight from its ECMA-335 metadata tables, without loading it.
/// Only what the cog check needs: the CLI header, the metadata root, the #~ table stream's row counts (to find the
/// AssemblyRef table behind the 35 tables before it) and the #Strings heap. The host used System.Reflection.Metadata
/// for this, which mapped that assembly and System.Collections.Immutable (about 2.3 MB) into the process for good,
/// for a few hundred bytes read once per cog load.
/// </summary>
/// <remarks>Every read is bounds-checked; a damaged image throws <see cref="BadImageFormatException"/>.</remarks>
internal static class AssemblyManifestReader
{
    private const int CliHeaderDirectory = 14;
    private const int AssemblyTable = 0x20;
    private const int AssemblyRefTable = 0x23;

    // The tables a coded index can point to (ECMA-335 II.24.2.6), by coded index; -1 marks an unused tag value.
    private static readonly int[] TypeDefOrRef = [0x02, 0x01, 0x1B];
    private static readonly int[] HasConstant = [0x04, 0x08, 0x17];
    private static readonly int[] HasCustomAttribute =
        [0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00, 0x0E, 0x17, 0x14, 0x11, 0x1A, 0x1B, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B];
    private static readonly int[] HasFieldMarshal = [0x04, 0x08];
    private static readonly int[] HasDeclSecurity = [0x02, 0x06, 0x20];
    private static readonly int[] MemberRefParent = [0x02, 0x01, 0x1A, 0x06, 0x1B];
    private static readonly int[] HasSemantics = [0x14, 0x17];
    private static readonly int[] MethodDefOrRef = [0x06, 0x0A];
    private static readonly int[] MemberForwarded = [0x04, 0x06];
    private static readonly int[] CustomAttributeType = [-1, -1, 0x06, 0x0A, -1];
    private static readonly int[] ResolutionScope = [0x00, 0x1A, 0x23, 0x01];

    /// <summary>Reads the image's kind and, for an assembly, the assemblies it references.</summary>
    /// <exception cref="BadImageFormatException">The image or its metadata is damaged.</exception>
    public static (AssemblyManifestKind Kind, IReadOnlyList<AssemblyManifestReference> References) Read(ReadOnlySpan<byte> image)
    {
        if (image.Length < 0x40 || image[0] != 'M' || image[1] != 'Z') throw Bad("no MZ header");
        int pe = Int(image, 0x3C);
        if (U32(image, pe) != 0x0000_4550) throw Bad("no PE signature");
        int sectionCount = U16(image, pe + 6);
        int optionalHeaderSize = U16(image, pe + 20);
        int optional = pe + 24;
        bool pe32Plus = U16(image, optional) switch
        {
            0x10B => false,
            0x20B => true,
            _ => throw Bad("unknown optional header magic"),
        };
        int directoryCount = Int(image, optional + (pe32Plus ? 108 : 92));
        int directories = optional + (pe32Plus ? 112 : 96);
        if (directoryCount <= CliHeaderDirectory || U32(image, directories + (CliHeaderDirectory * 8)) == 0)
        {
            return (AssemblyManifestKind.Native, []);
        }

        var sections = new SectionTable(image, optional + optionalHeaderSize, sectionCount);
        int cliHeader = sections.ToOffset(U32(image, directories + (CliHeaderDirectory * 8)));
        int metadata = sections.ToOffset(U32(image, cliHeader + 8));
        ReadOnlySpan<byte> root = Slice(image, metadata, Int(image, cliHeader + 12));

        if (U32(root, 0) != 0x424A_5342) throw Bad("no metadata signature");
        int position = Offset(16 + Align4(Int(root, 12)));
        int streamCount = U16(root, position + 2);
        position += 4;
        ReadOnlySpan<byte> tables = default, strings = default;
        for (int i = 0; i < streamCount; i++)
        {
            int offset = Int(root, position), size = Int(root, position + 4);
            int nameStart = position + 8;
            int nameLength = Slice(root, nameStart, Math.Min(32, root.Length - nameStart)).IndexOf((byte)0);
            if (nameLength < 0) throw Bad("unterminated stream name");
            ReadOnlySpan<byte> name = root.Slice(nameStart, nameLength);
            if (name.SequenceEqual("#~"u8) || name.SequenceEqual("#-"u8)) tables = Slice(root, offset, size);
            else if (name.SequenceEqual("#Strings"u8)) strings = Slice(root, offset, size);
            position = Offset(nameStart + Align4(nameLength + 1));
        }

        if (tables.IsEmpty || strings.IsEmpty) throw Bad("no #~ or #Strings stream");
        return ReadTables(tables, strings);
    }

    private static (AssemblyManifestKind, IReadOnlyList<AssemblyManifestReference>) ReadTables(ReadOnlySpan<byte> tables, ReadOnlySpan<byte> strings)
    {
        byte heapSizes = Slice(tables, 6, 1)[0];
        ulong present = U64(tables, 8);
        var rows = new int[64];
        long position = 24;
        for (int table = 0; table < 64; table++)
        {
            if ((present & (1UL << table)) == 0) continue;
            rows[table] = Int(tables, Offset(position));
            position += 4;
        }

        if ((heapSizes & 0x40) != 0) position += 4; // "extra data" after the row counts (edit-and-continue images)
        if (rows[AssemblyTable] == 0) return (AssemblyManifestKind.Module, []);

        var sizes = new RowSizes(rows, heapSizes);
        for (int table = 0; table < AssemblyRefTable; table++)
        {
            position += (long)rows[table] * sizes.Of(table);
        }

        int rowSize = sizes.Of(AssemblyRefTable);
        Slice(tables, Offset(position), Offset((long)rows[AssemblyRefTable] * rowSize)); // the whole table is in the stream
        var references = new List<AssemblyManifestReference>(rows[AssemblyRefTable]);
        for (int i = 0; i < rows[AssemblyRefTable]; i++)
        {
            ReadOnlySpan<byte> row = Slice(tables, Offset(position + ((long)i * rowSize)), rowSize);
            var version = new Version(U16(row, 0), U16(row, 2), U16(row, 4), U16(row, 6));
            int name = sizes.Strings == 2 ? U16(row, 12 + sizes.Blob) : Int(row, 12 + sizes.Blob);
            references.Add(new AssemblyManifestReference(ReadString(strings, name), version));
        }

        return (AssemblyManifestKind.Assembly, references);
    }

    private static string ReadString(ReadOnlySpan<byte> strings, int index)
    {
        ReadOnlySpan<byte> rest = Slice(strings, index, strings.Length - index);
        int end = rest.IndexOf((byte)0);
        if (end < 0) throw Bad("unterminated string");
        return Encoding.UTF8.GetString(rest[..end]);
    }

    private static long Align4(long value) => (value + 3) & ~3L;

    /// <summary>A computed position; one past int.MaxValue cannot be inside a file we read.</summary>
    private static int Offset(long value) => value is >= 0 and <= int.MaxValue ? (int)value : throw Bad("a size or offset is out of range");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> data, int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > data.Length) throw Bad("a header points outside the file");
        return data.Slice(offset, length);
    }

    private static ushort U16(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(data, offset, 2));

    private static uint U32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(data, offset, 4));

    private static ulong U64(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(data, offset, 8));

    /// <summary>A 32-bit field used as an offset, size or count: anything past int.MaxValue cannot be in a file we read.</summary>
    private static int Int(ReadOnlySpan<byte> data, int offset)
    {
        uint value = U32(data, offset);
        return value <= int.MaxValue ? (int)value : throw Bad("a size or offset is out of range");
    }

    private static BadImageFormatException Bad(string why) => new(why);

    /// <summary>The section table, to turn RVAs into file offsets.</summary>
    private readonly ref struct SectionTable(ReadOnlySpan<byte> image, int table, int count)
    {
        private readonly ReadOnlySpan<byte> _image = image;

        public int ToOffset(uint rva)
        {
            for (int i = 0; i < count; i++)
            {
                int header = table + (i * 40);
                uint virtualSize = U32(_image, header + 8), virtualAddress = U32(_image, header + 12);
                uint rawSize = U32(_image, header + 16), rawPointer = U32(_image, header + 20);
                if (rva >= virtualAddress && rva - virtualAddress < Math.Max(virtualSize, rawSize))
                {
                    long offset = (long)rawPointer + (rva - virtualAddress);
                    return offset < _image.Length ? (int)offset : throw Bad("an RVA points past the end of the file");
                }
            }

            throw Bad("an RVA is in no section");
        }
    }

    /// <summary>Row sizes of the tables up to AssemblyRef (ECMA-335 II.22), which depend on heap and table sizes.</summary>
    private sealed class RowSizes(int[] rows, byte heapSizes)
    {
        public int Strings { get; } = (heapSizes & 0x01) != 0 ? 4 : 2;

        public int Guid { get; } = (heapSizes & 0x02) != 0 ? 4 : 2;

        public int Blob { get; } = (heapSizes & 0x04) != 0 ? 4 : 2;

        public int Of(int table)
        {
            int s = Strings, g = Guid, b = Blob;
            return table switch
            {
                0x00 => 2 + s + (3 * g),                                                     // Module
                0x01 => Coded(ResolutionScope) + (2 * s),                                    // TypeRef
                0x02 => 4 + (2 * s) + Coded(TypeDefOrRef) + List(0x04, 0x03) + List(0x06, 0x05), // TypeDef
                0x03 => Index(0x04),                                                         // FieldPtr
                0x04 => 2 + s + b,                                                           // Field
                0x05 => Index(0x06),                                                         // MethodPtr
                0x06 => 8 + s + b + List(0x08, 0x07),                                        // MethodDef
                0x07 => Index(0x08),                                                         // ParamPtr
                0x08 => 4 + s,                                                               // Param
                0x09 => Index(0x02) + Coded(TypeDefOrRef),                                   // InterfaceImpl
                0x0A => Coded(MemberRefParent) + s + b,                                      // MemberRef
                0x0B => 2 + Coded(HasConstant) + b,                                          // Constant
                0x0C => Coded(HasCustomAttribute) + Coded(CustomAttributeType) + b,          // CustomAttribute
                0x0D => Coded(HasFieldMarshal) + b,                                          // FieldMarshal
                0x0E => 2 + Coded(HasDeclSecurity) + b,                                      // DeclSecurity
                0x0F => 6 + Index(0x02),                                                     // ClassLayout
                0x10 => 4 + Index(0x04),                                                     // FieldLayout
                0x11 => b,                                                                   // StandAloneSig
                0x12 => Index(0x02) + List(0x14, 0x13),                                      // EventMap
                0x13 => Index(0x14),                                                         // EventPtr
                0x14 => 2 + s + Coded(TypeDefOrRef),                                         // Event
                0x15 => Index(0x02) + List(0x17, 0x16),                                      // PropertyMap
                0x16 => Index(0x17),                                                         // PropertyPtr
                0x17 => 2 + s + b,                                                           // Property
                0x18 => 2 + Index(0x06) + Coded(HasSemantics),                               // MethodSemantics
                0x19 => Index(0x02) + (2 * Coded(MethodDefOrRef)),                           // MethodImpl
                0x1A => s,                                                                   // ModuleRef
                0x1B => b,                                                                   // TypeSpec
                0x1C => 2 + Coded(MemberForwarded) + s + Index(0x1A),                        // ImplMap
                0x1D => 4 + Index(0x04),                                                     // FieldRVA
                0x1E => 8,                                                                   // EncLog
                0x1F => 4,                                                                   // EncMap
                0x20 => 16 + b + (2 * s),                                                    // Assembly
                0x21 => 4,                                                                   // AssemblyProcessor
                0x22 => 12,                                                                  // AssemblyOS
                0x23 => 12 + (2 * b) + (2 * s),                                              // AssemblyRef
                _ => throw new ArgumentOutOfRangeException(nameof(table)),
            };
        }

        private int Index(int table) => rows[table] > ushort.MaxValue ? 4 : 2;

        // A list column (TypeDef.FieldList...) indexes the Ptr table when an unoptimised (#-) image has one.
        private int List(int table, int pointerTable) => Math.Max(rows[table], rows[pointerTable]) > ushort.MaxValue ? 4 : 2;

        private int Coded(int[] targets)
        {
            int tagBits = 32 - int.LeadingZeroCount(targets.Length - 1);
            int largest = 0;
            foreach (int target in targets)
            {
                if (target >= 0) largest = Math.Max(largest, rows[target]);
            }

            return largest < (1 << (16 - tagBits)) ? 2 : 4;
        }
    }
}
