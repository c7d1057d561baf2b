using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FactDesk.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FactChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FactCheckCollection",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastImportAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastImportById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FactCheckCollection", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MatchLabel",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClaimId = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchLabel", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MatchLabel_Claims_ClaimId",
                        column: x => x.ClaimId,
                        principalTable: "Claims",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkLease",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkLease", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "FactCheck",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CollectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ClaimReviewed = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Headline = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Rating = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Publisher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DatePublished = table.Column<long>(type: "INTEGER", nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Embedding = table.Column<byte[]>(type: "BLOB", nullable: true),
                    IndexStamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FactCheck", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FactCheck_FactCheckCollection_CollectionId",
                        column: x => x.CollectionId,
                        principalTable: "FactCheckCollection",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FactCheck_CollectionId_Url",
                table: "FactCheck",
                columns: new[] { "CollectionId", "Url" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FactCheck_IndexStamp",
                table: "FactCheck",
                column: "IndexStamp");

            migrationBuilder.CreateIndex(
                name: "IX_FactCheckCollection_Name",
                table: "FactCheckCollection",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MatchLabel_ClaimId",
                table: "MatchLabel",
                column: "ClaimId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FactCheck");

            migrationBuilder.DropTable(
                name: "MatchLabel");

            migrationBuilder.DropTable(
                name: "WorkLease");

            migrationBuilder.DropTable(
                name: "FactCheckCollection");
        }
    }
}
