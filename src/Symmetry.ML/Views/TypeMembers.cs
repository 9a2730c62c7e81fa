using System.Linq.Expressions;
using System.Reflection;
using Symmetry.ML.Data;

namespace Symmetry.ML;

/// <summary>
/// How the public fields and properties of a row class map to columns: name (<see cref="ColumnNameAttribute"/>),
/// type (numbers, bool, string, arrays and <see cref="VBuffer{T}"/> with <see cref="VectorTypeAttribute"/>),
/// and compiled accessors.
/// </summary>
internal sealed class TypeMember
{
    private TypeMember(MemberInfo member, string name, DataViewType type, Type memberType, PrimitiveDataViewType itemType, int vectorSize)
    {
        Member = member;
        Name = name;
        Type = type;
        MemberType = memberType;
        ItemType = itemType;
        VectorSize = vectorSize;
    }

    public MemberInfo Member { get; }

    public string Name { get; }

    public DataViewType Type { get; }

    public Type MemberType { get; }

    public PrimitiveDataViewType ItemType { get; }

    public int VectorSize { get; }

    public bool CanRead => Member is FieldInfo || (Member is PropertyInfo p && p.GetMethod is { IsPublic: true });

    public bool CanWrite => Member is FieldInfo { IsInitOnly: false } || (Member is PropertyInfo p && p.SetMethod is { IsPublic: true });

    public static TypeMember[] For(Type rowType)
    {
        var members = new List<TypeMember>();
        foreach (var m in rowType.GetMembers(BindingFlags.Public | BindingFlags.Instance))
        {
            if (m is not (FieldInfo or PropertyInfo) || m.GetCustomAttribute<NoColumnAttribute>() is not null)
                continue;
            if (m is PropertyInfo pi && pi.GetIndexParameters().Length > 0)
                continue;
            var memberType = m is FieldInfo f ? f.FieldType : ((PropertyInfo)m).PropertyType;
            string name = m.GetCustomAttribute<ColumnNameAttribute>()?.Name ?? m.Name;
            var vt = m.GetCustomAttribute<VectorTypeAttribute>();
            members.Add(Describe(m, name, memberType, vt));
        }
        return [.. members];
    }

    private static TypeMember Describe(MemberInfo m, string name, Type memberType, VectorTypeAttribute? vt)
    {
        Type? element = memberType.IsArray ? memberType.GetElementType()
            : memberType.IsGenericType && memberType.GetGenericTypeDefinition() == typeof(VBuffer<>) ? memberType.GetGenericArguments()[0]
            : null;
        if (element is not null)
        {
            var item = DataKindExtensions.PrimitiveTypeOf(element)
                ?? throw Unsupported(m, memberType);
            var type = vt is null || vt.Size == 0 ? new VectorDataViewType(item) : new VectorDataViewType(item, vt.Dimensions);
            return new TypeMember(m, name, type, memberType, item, type.Size);
        }
        if (vt is not null)
            throw new InvalidOperationException($"Member '{m.Name}' has a VectorType attribute but its type {memberType.Name} is not an array or VBuffer.");
        var prim = DataKindExtensions.PrimitiveTypeOf(memberType) ?? throw Unsupported(m, memberType);
        return new TypeMember(m, name, prim, memberType, prim, 0);
    }

    private static InvalidOperationException Unsupported(MemberInfo m, Type t) =>
        new($"Member '{m.Name}' of type {CursorUtils.TypeName(t)} cannot be a column: supported are float, double, int, long, bool, string, ReadOnlyMemory<char>, their arrays and VBuffer<T>.");

    /// <summary>A compiled <c>Func&lt;TRow, TMember&gt;</c>.</summary>
    public Delegate MakeReader(Type rowType)
    {
        var p = Expression.Parameter(rowType, "row");
        return Expression.Lambda(Expression.MakeMemberAccess(p, Member), p).Compile();
    }

    /// <summary>A compiled <c>Action&lt;TRow, TMember&gt;</c>.</summary>
    public Delegate MakeWriter(Type rowType)
    {
        var p = Expression.Parameter(rowType, "row");
        var v = Expression.Parameter(MemberType, "value");
        var type = typeof(Action<,>).MakeGenericType(rowType, MemberType);
        return Expression.Lambda(type, Expression.Assign(Expression.MakeMemberAccess(p, Member), v), p, v).Compile();
    }
}
