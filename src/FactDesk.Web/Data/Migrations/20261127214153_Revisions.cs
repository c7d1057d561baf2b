using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Revisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Orphaned",
                table: "Claims",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "ArticleSources",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Orphaned",
                table: "Claims");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "ArticleSources");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Articles");
        }
    }
}
