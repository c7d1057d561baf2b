using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FactDesk.Web.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FactDeskDbContext>
{
    public FactDeskDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FactDeskDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
