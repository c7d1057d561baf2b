using System.Security.Cryptography;
using System.Text;

namespace FactDesk.Web.Features.Accounts;

internal static class TokenHashing
{
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
