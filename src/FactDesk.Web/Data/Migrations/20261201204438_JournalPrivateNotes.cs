using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class JournalPrivateNotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BlindOwnerId",
                table: "Notes",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BlindOwnerId",
                table: "Notes");
        }
    }
}
